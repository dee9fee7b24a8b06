import { desc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { type AuditEvent, type AuditValue, type FieldChange, auditEvents, partnerships } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { canonicalJson, hashEventContent } from './event-hash.mjs';
import type { AuditVerb, EntityType } from './verbs';

/** Who did it, copied into the event so history survives the account. */
export type AuditActor = {
  userId: string | null;
  name: string;
  email: string | null;
  role: string | null;
  school: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** The actor of work jointplan does itself (demo data, command-line imports without a user). */
export const systemActor: AuditActor = {
  userId: null,
  name: 'jointplan (system)',
  email: null,
  role: null,
  school: null,
  ip: null,
  userAgent: null,
};

/** Describes a signed-in actor for the audit trail of one partnership. */
export function auditActorOf(actor: Actor, partnershipId: string): AuditActor {
  const roles = actor.memberships.find((m) => m.partnershipId === partnershipId)?.roles ?? [];
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))].join(', ') || null;
  return {
    userId: actor.id,
    name: actor.name,
    email: actor.email,
    role: uniq(roles.map((r) => r.role)),
    school: uniq(roles.map((r) => r.schoolName)),
    ip: actor.ip,
    userAgent: actor.userAgent,
  };
}

export const GENESIS_HASH = '0'.repeat(64);

export { canonicalJson };

type HashedFields = Omit<AuditEvent, 'id' | 'hash' | 'prevHash'>;

/** The SHA-256 that links an event to the one before it (the canonical form is in event-hash.mjs). */
export function eventHash(prevHash: string, e: HashedFields): string {
  return hashEventContent(prevHash, {
    partnershipId: e.partnershipId,
    seq: e.seq,
    planId: e.planId,
    strandId: e.strandId,
    entityType: e.entityType,
    entityId: e.entityId,
    verb: e.verb,
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    actorSchool: e.actorSchool,
    ip: e.ip,
    userAgent: e.userAgent,
    changes: e.changes,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  });
}

export type NewAuditEvent = {
  partnershipId: string;
  planId?: string | null;
  strandId?: string | null;
  entityType: EntityType;
  entityId: string;
  verb: AuditVerb;
  actor: AuditActor;
  changes?: FieldChange[];
  data?: { [key: string]: AuditValue };
};

/**
 * Appends an event to its partnership's chain. Call inside the transaction of the change it
 * records: the partnership row is locked so concurrent writers extend the chain one at a time
 * (`no key update`, so it does not collide with the key-share locks of inserts that reference it).
 */
export async function appendAuditEvent(tx: Tx, event: NewAuditEvent): Promise<AuditEvent> {
  const [row] = await appendAuditEvents(tx, [event]);
  return row;
}

/**
 * Appends events, in order, to their partnerships' chains (see appendAuditEvent). Each chain is
 * locked once and its head read in the same round trip: the two statements are sent together and
 * run in order, so the head is read after the lock is held.
 */
export async function appendAuditEvents(tx: Tx, events: NewAuditEvent[]): Promise<AuditEvent[]> {
  const written: AuditEvent[] = [];
  for (let i = 0; i < events.length; ) {
    const partnershipId = events[i].partnershipId;
    let j = i;
    while (j < events.length && events[j].partnershipId === partnershipId) j++;
    const [, [last]] = await Promise.all([
      tx.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.id, partnershipId)).for('no key update'),
      tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(eq(auditEvents.partnershipId, partnershipId))
        .orderBy(desc(auditEvents.seq))
        .limit(1),
    ]);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const createdAt = new Date();
    const rows = events.slice(i, j).map((event) => {
      const fields: HashedFields = {
        partnershipId,
        seq: ++seq,
        planId: event.planId ?? null,
        strandId: event.strandId ?? null,
        entityType: event.entityType,
        entityId: event.entityId,
        verb: event.verb,
        actorUserId: event.actor.userId,
        actorName: event.actor.name,
        actorEmail: event.actor.email,
        actorRole: event.actor.role,
        actorSchool: event.actor.school,
        ip: event.actor.ip,
        userAgent: event.actor.userAgent,
        changes: event.changes ?? [],
        data: event.data ?? {},
        createdAt,
      };
      const hash = eventHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    written.push(...(await tx.insert(auditEvents).values(rows).returning()).sort((a, b) => a.seq - b.seq));
    i = j;
  }
  return written;
}
