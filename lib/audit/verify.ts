import { and, asc, eq, gt, lte, max, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { type AuditEvent, type AuditValue, type FieldChange, auditEvents } from '@/db/schema';
import { GENESIS_HASH, eventHash } from './events';

export type BrokenLinkReason = 'hash mismatch' | 'prev hash mismatch' | 'missing seq';

/**
 * The outcome of walking a partnership's chain. `checked` counts the events found intact before
 * the first broken link. For 'missing seq', `seq` is the missing number and `eventId` the event
 * found in its place (the next one that exists).
 */
export type ChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: { seq: number; eventId: string; reason: BrokenLinkReason } };

export const VERIFY_BATCH_SIZE = 5000;
/** Events hashed between two turns of the event loop, so the driver keeps receiving meanwhile. */
const YIELD_EVERY = 500;

/**
 * Walks a partnership's audit chain in seq order and reports the first broken link: a gap in
 * the sequence, an event not pointing at its predecessor's hash, or an event whose content no
 * longer hashes to its stored hash. Reads in batches of consecutive seqs, fetching the next batch
 * while hashing the current one, so a million events never sit in memory at once.
 */
export async function verifyChain(db: Executor, partnershipId: string, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = Math.max(1, options.batchSize ?? VERIFY_BATCH_SIZE);
  const [{ last }] = await db.select({ last: max(auditEvents.seq) }).from(auditEvents).where(eq(auditEvents.partnershipId, partnershipId));
  const lastSeq = last ?? 0;
  // A batch is a seq range, not "after seq, limit n": without fresh statistics the planner would
  // sort the whole rest of the chain for every batch. seq is unique per partnership, so a range
  // holds at most batchSize events.
  const fetchRange = (after: number): Promise<{ row: string }[]> =>
    after >= lastSeq
      ? Promise.resolve([])
      : db
          .select({ row: packedEvent })
          .from(auditEvents)
          .where(and(eq(auditEvents.partnershipId, partnershipId), gt(auditEvents.seq, after), lte(auditEvents.seq, after + batchSize)))
          .orderBy(asc(auditEvents.seq));

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let pending = fetchRange(0);
  for (let after = 0; after < lastSeq; after += batchSize) {
    const batch = await pending;
    const next = fetchRange(after + batchSize);
    // A prefetch still running when we stop early must not surface as an unhandled rejection.
    next.catch(() => undefined);
    pending = next;
    for (const [i, { row }] of batch.entries()) {
      // Let the driver read the next batch off the socket while this one is hashed.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const event = unpackEvent(row);
      const reason: BrokenLinkReason | null =
        event.seq !== expectedSeq
          ? 'missing seq'
          : event.prevHash !== prevHash
            ? 'prev hash mismatch'
            : !event.content || eventHash(event.prevHash, event.content) !== event.hash
              ? 'hash mismatch'
              : null;
      if (reason) {
        await next.catch(() => undefined);
        return { ok: false, checked, brokenAt: { seq: expectedSeq, eventId: event.id, reason } };
      }
      checked++;
      expectedSeq++;
      prevHash = event.hash;
    }
  }
  return { ok: true, checked };
}

// Each event travels as one JSON array: decoding 20 typed columns per row through the driver and
// drizzle costs more than hashing, and a million rows must verify in under 30 seconds.
const e = auditEvents;
const packedEvent = sql<string>`json_build_array(${e.id}, ${e.seq}, ${e.prevHash}, ${e.hash}, ${e.partnershipId}, ${e.planId}, ${e.strandId},
  ${e.entityType}, ${e.entityId}, ${e.verb}, ${e.actorUserId}, ${e.actorName}, ${e.actorEmail}, ${e.actorRole}, ${e.actorSchool},
  ${e.ip}, ${e.userAgent}, ${e.changes}, ${e.data}, ${e.createdAt})::text`;

type HashedContent = Parameters<typeof eventHash>[1];
type UnpackedEvent = { id: string; seq: number; prevHash: string; hash: string; content: HashedContent | null };

class MalformedRow extends Error {}

function unpackEvent(row: string): UnpackedEvent {
  const parsed: unknown = JSON.parse(row);
  if (!Array.isArray(parsed) || parsed.length !== 20) throw new MalformedRow('an audit row did not unpack');
  const v: unknown[] = parsed;
  const id = text(v[0]);
  const seq = num(v[1]);
  const prevHash = text(v[2]);
  const hash = text(v[3]);
  const changes = v[17];
  const data = v[18];
  // Content that is not even shaped like an event cannot be what was hashed.
  const content: HashedContent | null =
    isFieldChanges(changes) && isAuditObject(data)
      ? {
          partnershipId: text(v[4]),
          seq,
          planId: textOrNull(v[5]),
          strandId: textOrNull(v[6]),
          entityType: text(v[7]),
          entityId: text(v[8]),
          verb: text(v[9]),
          actorUserId: textOrNull(v[10]),
          actorName: text(v[11]),
          actorEmail: textOrNull(v[12]),
          actorRole: textOrNull(v[13]),
          actorSchool: textOrNull(v[14]),
          ip: textOrNull(v[15]),
          userAgent: textOrNull(v[16]),
          changes,
          data,
          createdAt: new Date(text(v[19])),
        }
      : null;
  return { id, seq, prevHash, hash, content };
}

function text(x: unknown): string {
  if (typeof x !== 'string') throw new MalformedRow('expected text in an audit row');
  return x;
}
function textOrNull(x: unknown): string | null {
  return x === null ? null : text(x);
}
function num(x: unknown): number {
  if (typeof x !== 'number') throw new MalformedRow('expected a number in an audit row');
  return x;
}

function isAuditValue(x: unknown): x is AuditValue {
  if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return true;
  if (Array.isArray(x)) return x.every(isAuditValue);
  return isAuditObject(x);
}
function isAuditObject(x: unknown): x is { [key: string]: AuditValue } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(isAuditValue);
}
function isFieldChanges(x: unknown): x is FieldChange[] {
  return (
    Array.isArray(x) &&
    x.every((c) => isAuditObject(c) && typeof c.field === 'string' && 'before' in c && 'after' in c)
  );
}
