import { and, asc, eq, gt, lte, max, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { type BrokenLinkReason, type PageCheck, checkPage } from './event-hash.mjs';
import { GENESIS_HASH } from './events';

export type { BrokenLinkReason };

/**
 * The outcome of walking a partnership's chain. `checked` counts the events found intact before
 * the first broken link. For 'missing seq', `seq` is the missing number and `eventId` the event
 * found in its place (the next one that exists).
 */
export type ChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: { seq: number; eventId: string; reason: BrokenLinkReason } };

/**
 * Checks pages of packed events (checkPage in event-hash.mjs): in this thread by default, or in
 * worker threads (createVerifyPool in verify-pool.ts). `capacity` is how many pages it can work
 * on at once.
 */
export type PageChecker = { check: (page: string | null) => Promise<PageCheck>; capacity?: number; pageSize?: number };

/** Checks each page in this thread, after a turn of the event loop so the driver keeps reading. */
export const inThreadChecker: PageChecker = {
  check: (page) => new Promise((resolve, reject) => setImmediate(() => { try { resolve(checkPage(page)); } catch (error) { reject(error); } })),
  capacity: 1,
};

/** Events per page checked in this thread: hashing one holds up the event loop for some milliseconds. */
export const VERIFY_BATCH_SIZE = 5000;

/**
 * Walks a partnership's audit chain in seq order and reports the first broken link: a gap in
 * the sequence, an event not pointing at its predecessor's hash, or an event whose content no
 * longer hashes to its stored hash. Reads pages of consecutive seqs, each as one JSON text, and
 * keeps the next pages coming while earlier ones are checked (in parallel with a worker pool), so
 * a million events never sit in memory at once. Pages are checked independently and stitched
 * together here in seq order, so the first broken link is the same whatever finishes first.
 */
export async function verifyChain(
  db: Executor,
  partnershipId: string,
  options: { batchSize?: number; checker?: PageChecker } = {},
): Promise<ChainVerification> {
  const checker = options.checker ?? inThreadChecker;
  const batchSize = Math.max(1, options.batchSize ?? checker.pageSize ?? VERIFY_BATCH_SIZE);
  // Pages being read or checked at once: one more than the checker works on, so it never waits.
  const inFlight = (checker.capacity ?? 1) + 1;
  const [{ last }] = await db.select({ last: max(auditEvents.seq) }).from(auditEvents).where(eq(auditEvents.partnershipId, partnershipId));
  const lastSeq = last ?? 0;
  // A page is a seq range, not "after seq, limit n": without fresh statistics the planner would
  // sort the whole rest of the chain for every page. seq is unique per partnership, so a range
  // holds at most batchSize events.
  const fetchPage = (after: number): Promise<string | null> => {
    const rows = db
      .select({ row: packedRow.as('row') })
      .from(auditEvents)
      .where(and(eq(auditEvents.partnershipId, partnershipId), gt(auditEvents.seq, after), lte(auditEvents.seq, after + batchSize)))
      .orderBy(asc(auditEvents.seq))
      .as('rows');
    return db
      .select({ page: sql<string | null>`json_agg(${rows.row})::text` })
      .from(rows)
      .then(([page]) => page?.page ?? null);
  };

  const pending: Promise<PageCheck>[] = [];
  let nextAfter = 0;
  const readAhead = () => {
    while (pending.length < inFlight && nextAfter < lastSeq) {
      const page = fetchPage(nextAfter).then((text) => checker.check(text));
      // A page still in flight when we stop early must not surface as an unhandled rejection.
      page.catch(() => undefined);
      pending.push(page);
      nextAfter += batchSize;
    }
  };

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  try {
    readAhead();
    while (pending.length) {
      const page = await pending.shift()!;
      readAhead();
      // A whole page of seqs can be missing: the gap shows at the next event that exists.
      if (!page.first) continue;
      const { first, broken } = page;
      const reason: BrokenLinkReason | null = first.seq !== expectedSeq ? 'missing seq' : first.prevHash !== prevHash ? 'prev hash mismatch' : null;
      if (reason) return { ok: false, checked, brokenAt: { seq: expectedSeq, eventId: first.id, reason } };
      if (broken) return { ok: false, checked: checked + broken.index, brokenAt: { seq: broken.seq, eventId: broken.eventId, reason: broken.reason } };
      checked += page.count;
      expectedSeq += page.count;
      prevHash = page.lastHash!;
    }
    return { ok: true, checked };
  } finally {
    // Leave no query running on the caller's connection once we answer.
    await Promise.allSettled(pending);
  }
}

// Each page travels as one JSON text of one array per event: decoding 20 typed columns per row
// through the driver and drizzle costs more than hashing, and a million rows must verify in
// under 30 seconds. The order of the fields is the one checkPage (event-hash.mjs) expects. The
// rows come sorted from a subquery rather than json_agg(… ORDER BY seq), which would sort each
// page again (Postgres 15 and PGlite) although the index scan already gives seq order; checkPage
// sorts a page that arrives out of order anyway, so the order is never taken on trust.
const e = auditEvents;
const packedRow = sql`json_build_array(${e.id}, ${e.seq}, ${e.prevHash}, ${e.hash}, ${e.partnershipId}, ${e.planId}, ${e.strandId},
  ${e.entityType}, ${e.entityId}, ${e.verb}, ${e.actorUserId}, ${e.actorName}, ${e.actorEmail}, ${e.actorRole}, ${e.actorSchool},
  ${e.ip}, ${e.userAgent}, ${e.changes}, ${e.data}, ${e.createdAt})`;
