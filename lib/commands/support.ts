import { and, eq, getTableColumns, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { type AuditEvent, type AuditValue, type FieldChange, actions, impactEntries, objectives, plans, strands } from '@/db/schema';
import { type NewAuditEvent, appendAuditEvents, auditActorOf } from '@/lib/audit/events';
import type { AuditVerb } from '@/lib/audit/verbs';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { publishCommitted } from '@/lib/realtime/bus';

export type CommandContext = {
  tx: Tx;
  actor: Actor;
  /**
   * Records an audit event of this change, as this actor. It is written in the same transaction,
   * after the command's own writes, and broadcast after commit.
   */
  audit: (event: Omit<NewAuditEvent, 'actor'>) => Promise<void>;
  /** Work to do once the change has committed (sending email); never run when it rolls back. */
  afterCommit: (task: (db: Db) => Promise<void>) => void;
};

/**
 * Runs a command: one transaction for the change and its audit events; the events are announced
 * to the realtime layer only once the transaction has committed. The events are appended last, so
 * the partnership's audit chain is locked only for the moment before commit, not the whole command.
 */
export async function runCommand<T>(db: Db, actor: Actor, body: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const written: AuditEvent[] = [];
  const after: ((db: Db) => Promise<void>)[] = [];
  const result = await db.transaction(async (tx) => {
    const queued: NewAuditEvent[] = [];
    const value = await body({
      tx,
      actor,
      audit: async (event) => {
        queued.push({ ...event, actor: auditActorOf(actor, event.partnershipId) });
      },
      afterCommit: (task) => {
        after.push(task);
      },
    });
    written.push(...(await appendAuditEvents(tx, queued)));
    return value;
  });
  publishCommitted(written);
  for (const task of after) {
    // The change is committed: a failure here (a mail server down) is logged, never the caller's error.
    await task(db).catch((error: unknown) => console.error('[command] after-commit task failed', error));
  }
  return result;
}

/** How an edit came about: "restore this value" (lib/commands/restore-value.ts) names the event it restores. */
export type EditOptions = { restoredFrom?: AuditEvent };

/** The `data` a restore's events carry: which recorded change they bring back, by whom and when it was made. */
export function restoreData(options: EditOptions): { restoredFrom?: AuditValue } {
  const from = options.restoredFrom;
  if (!from) return {};
  return { restoredFrom: { eventId: from.id, seq: from.seq, verb: from.verb, actorName: from.actorName, at: from.createdAt.toISOString() } };
}

/** The verb and data of an edit's event: `restoreVerb` and the event restored from when it is a restore, else `verb`. */
export function editAudit(verb: AuditVerb, restoreVerb: AuditVerb, options: EditOptions): Pick<NewAuditEvent, 'verb' | 'data'> {
  return options.restoredFrom ? { verb: restoreVerb, data: restoreData(options) } : { verb };
}

/** The before/after of each field that changed, for the audit trail. */
export function changesBetween<T extends { [key: string]: unknown }>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    const a = toAuditValue(before[field]);
    const b = toAuditValue(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field, before: a, after: b });
  }
  return out;
}

/** A value as the audit trail stores it (dates as ISO strings). */
export function toAuditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toAuditValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAuditValue(v)]));
  }
  return String(value);
}

type PlanRow = typeof plans.$inferSelect;

/**
 * How a command locks the plan: `update` for changes to its structure (numbering, positions,
 * status), which must not interleave; `share` for an edit of one entity, which takes that entity's
 * row lock instead so edits of different actions run side by side.
 */
export type PlanLock = 'update' | 'share';

/** A plan the actor's partnerships hold, locked for this transaction; otherwise 404. */
export async function loadPlan(tx: Tx, actor: Actor, planId: string, lock: PlanLock = 'update'): Promise<PlanRow> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(planId).success) throw notFound('Plan');
  const [plan] = await tx
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), inArray(plans.partnershipId, ids)))
    .for(lock);
  if (!plan) throw notFound('Plan');
  return plan;
}

/** Marks the plan as changed now. Only for commands holding the plan's `update` lock. */
export async function touchPlan(tx: Tx, planId: string): Promise<void> {
  await tx.update(plans).set({ updatedAt: new Date() }).where(eq(plans.id, planId));
}

const uuid = z.string().uuid();

type PlanChild = typeof objectives | typeof strands | typeof actions | typeof impactEntries;

/**
 * A plan the actor's partnerships hold and one of its rows, each locked, in one round trip: the two
 * statements are sent together and run in order, so the plan is locked first (the order every
 * command takes its locks in) and the row is read and locked after. `withStrand` adds the row's
 * strand (actions and impact entries), read in the same round trip.
 * Undefined when either is missing or of another partnership (both read as 404).
 */
async function loadInPlan<T extends PlanChild>(tx: Tx, actor: Actor, table: T, id: string, lock: PlanLock, withStrand = false) {
  const ids = partnershipIdsOf(actor);
  // A malformed id is simply not found: it never reaches the database.
  if (!ids.length || !uuid.safeParse(id).success) return undefined;
  // One shape for the four tables' queries (each has `id` and `planId`); the row is returned as T's.
  const t = table as unknown as typeof actions;
  const scope = and(eq(plans.id, tx.select({ planId: t.planId }).from(t).where(eq(t.id, id))), inArray(plans.partnershipId, ids));
  const [[plan], [row], [strand]] = await Promise.all([
    tx.select().from(plans).where(scope).for(lock),
    tx
      .select(getTableColumns(t))
      .from(t)
      .innerJoin(plans, eq(plans.id, t.planId))
      .where(and(eq(t.id, id), inArray(plans.partnershipId, ids)))
      .for('update', { of: t }),
    withStrand
      ? tx
          .select(getTableColumns(strands))
          .from(strands)
          .innerJoin(plans, eq(plans.id, strands.planId))
          .where(and(eq(strands.id, tx.select({ strandId: t.strandId }).from(t).where(eq(t.id, id))), inArray(plans.partnershipId, ids)))
      : [],
  ]);
  // Removed by someone else between the lookup and the lock: as missing as it now is.
  if (!plan || !row || row.planId !== plan.id || (withStrand && strand?.id !== row.strandId)) return undefined;
  return { plan, row: row as unknown as T['$inferSelect'], strand: strand as typeof strands.$inferSelect };
}

/** An objective and its plan, when the actor's partnership holds them; otherwise 404. */
export async function loadObjective(tx: Tx, actor: Actor, id: string, lock: PlanLock = 'update') {
  const found = await loadInPlan(tx, actor, objectives, id, lock);
  if (!found) throw notFound('Objective');
  return { plan: found.plan, objective: found.row };
}

/** A strand and its plan, when the actor's partnership holds them; otherwise 404. */
export async function loadStrand(tx: Tx, actor: Actor, id: string, lock: PlanLock = 'update') {
  const found = await loadInPlan(tx, actor, strands, id, lock);
  if (!found) throw notFound('Strand');
  return { plan: found.plan, strand: found.row };
}

/** An action, its strand and its plan, when the actor's partnership holds them; otherwise 404. */
export async function loadAction(tx: Tx, actor: Actor, id: string, lock: PlanLock = 'update') {
  const found = await loadInPlan(tx, actor, actions, id, lock, true);
  if (!found) throw notFound('Action');
  return { plan: found.plan, strand: found.strand, action: found.row };
}

/** An impact entry, its strand and its plan, when the actor's partnership holds them; otherwise 404. */
export async function loadImpactEntry(tx: Tx, actor: Actor, id: string, lock: PlanLock = 'update') {
  const found = await loadInPlan(tx, actor, impactEntries, id, lock, true);
  if (!found) throw notFound('Impact entry');
  return { plan: found.plan, strand: found.strand, entry: found.row };
}
