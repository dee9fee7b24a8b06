import { type SQL, and, asc, desc, eq, gt, gte, ilike, inArray, lt, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import {
  type AuditEvent,
  type AuditValue,
  type PlanStatus,
  auditEvents,
  objectives,
  partnershipSchools,
  plans,
  roleAssignments,
  schools,
  users,
} from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize, can } from '@/lib/policies';

export const HISTORY_LIMITS = { defaultLimit: 200, maxLimit: 1000 } as const;

const uuid = z.string().uuid();
const email = z.string().email();

// The same rule as lib/validation/plan-content's isoDate (not exported there).
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-12-04.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'That date does not exist.');

const scopedTypes = ['strand', 'action', 'objective', 'impact'] as const;
type ScopedType = (typeof scopedTypes)[number];

/** Which part of the plan: the whole plan, or one strand (with its actions and impact), action, objective or impact entry. */
export type EntityFilter = { type: 'plan' } | { type: ScopedType; id: string };

const entityFilter = z
  .string()
  .trim()
  .transform((value, ctx): EntityFilter => {
    if (value === 'plan') return { type: 'plan' };
    const [prefix, id = ''] = value.split(':', 2);
    const type = scopedTypes.find((t) => t === prefix);
    if (type && uuid.safeParse(id).success) return { type, id: id.toLowerCase() };
    ctx.addIssue({ code: 'custom', message: 'Use plan, or strand:, action:, objective: or impact: followed by an id.' });
    return z.NEVER;
  });

export type ActorFilter = { userId: string } | { email: string };

const actorFilter = z
  .string()
  .trim()
  .max(320)
  .transform((value, ctx): ActorFilter => {
    if (uuid.safeParse(value).success) return { userId: value.toLowerCase() };
    if (email.safeParse(value).success) return { email: value.toLowerCase() };
    ctx.addIssue({ code: 'custom', message: 'Use a person’s id or email address.' });
    return z.NEVER;
  });

const count = (what: string, max?: number) => {
  const base = z.coerce.number({ error: `${what} must be a whole number.` }).int(`${what} must be a whole number.`).min(1, `${what} must be at least 1.`);
  return max ? base.max(max, `${what} can be at most ${max}.`) : base;
};

/** The filters of a plan's history, as `GET /api/v1/plans/:id/history` takes them in its query string. */
export const historyFiltersInput = z
  .object({
    entity: entityFilter.optional(),
    actor: actorFilter.optional(),
    school: z.string().trim().min(1).max(200, 'The school can be at most 200 characters.').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: count('The limit', HISTORY_LIMITS.maxLimit).optional(),
    before: count('The cursor').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date is before the start date.' });

export type HistoryFiltersInput = z.input<typeof historyFiltersInput>;
export type HistoryFilters = z.output<typeof historyFiltersInput>;

const FILTER_KEYS = ['entity', 'actor', 'school', 'from', 'to', 'limit', 'before'] as const;

/** The filters named in a query string; empty parameters (`?actor=`) count as absent, others are ignored. */
export function historyFiltersFromSearchParams(params: URLSearchParams): HistoryFiltersInput {
  const out: { [K in (typeof FILTER_KEYS)[number]]?: string } = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null && value.trim() !== '') out[key] = value;
  }
  return out;
}

/** A recorded change, with whether "restore this value" applies to it. */
export type HistoryChangeView = { field: string; before: AuditValue; after: AuditValue; restorable: boolean };

/** The recorded change a restore brought back: which event, by whom and when it was made. */
export type RestoredFromView = { eventId: string; seq: number; actorName: string; at: string };

const restoredFromData = z.object({ eventId: z.string(), seq: z.number().int(), actorName: z.string(), at: z.string() });

/** One event of a plan's history as clients receive it (no IP or user agent). */
export type HistoryEventView = {
  id: string;
  seq: number;
  at: string;
  actor: { name: string; email: string | null; school: string | null; role: string | null };
  verb: string;
  entityType: string;
  entityId: string;
  changes: HistoryChangeView[];
  /** Set when the event was a "restore this value" (a `*.restore`, or the links a strand restore re-made). */
  restoredFrom: RestoredFromView | null;
};

/**
 * `headSeq`: the newest event of the partnership's chain when the page was read. A restore sends it
 * back, so a change made after the reader looked is not overwritten unseen.
 */
export type HistoryPage = { events: HistoryEventView[]; nextCursor: number | null; headSeq?: number };

/** What the history of a plan needs to know about the plan. */
export type HistoryPlan = { id: string; partnershipId: string; title: string; status: PlanStatus };

/**
 * A plan whose history the actor may read; a plan of another partnership and an unknown or
 * malformed id are the same 404.
 */
export async function loadPlanForHistory(db: Executor, actor: Actor, planId: string): Promise<HistoryPlan> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(planId).success) throw notFound('Plan');
  const [plan] = await db
    .select({ id: plans.id, partnershipId: plans.partnershipId, title: plans.title, status: plans.status })
    .from(plans)
    .where(and(eq(plans.id, planId), inArray(plans.partnershipId, ids)))
    .limit(1);
  if (!plan) throw notFound('Plan');
  authorize(actor, 'history.read', { partnershipId: plan.partnershipId }, 'Plan');
  return plan;
}

/**
 * The history of a plan, newest first, filtered; `nextCursor` is the `before` of the next (older)
 * page, or null on the last page.
 */
export async function getPlanHistory(db: Executor, actor: Actor, planId: string, filters: HistoryFiltersInput = {}): Promise<HistoryPage> {
  const parsed = parseInput(historyFiltersInput, filters);
  const plan = await loadPlanForHistory(db, actor, planId);
  const [page, [{ head }]] = await Promise.all([
    historyPage(db, plan, parsed),
    db.select({ head: max(auditEvents.seq) }).from(auditEvents).where(eq(auditEvents.partnershipId, plan.partnershipId)),
  ]);
  page.headSeq = head ?? 0;
  // Offer "restore" only to those who edit the whole plan (the server still decides each restore),
  // so a reader never sees a button that would be refused.
  if (!can(actor, 'plan.update', plan)) {
    for (const event of page.events) for (const change of event.changes) change.restorable = false;
  }
  return page;
}

/** One page of an already authorized plan's history (the export walks every page with it). */
export async function historyPage(db: Executor, plan: HistoryPlan, filters: HistoryFilters): Promise<HistoryPage> {
  const limit = filters.limit ?? HISTORY_LIMITS.defaultLimit;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...historyConditions(plan, filters)))
    // seq is the partnership chain's order: unique, and the order the events were written in.
    .orderBy(desc(auditEvents.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { events: page.map(presentHistoryEvent), nextCursor: rows.length > limit ? page[page.length - 1].seq : null };
}

function historyConditions(plan: HistoryPlan, f: HistoryFilters): SQL[] {
  const where: SQL[] = [eq(auditEvents.partnershipId, plan.partnershipId), eq(auditEvents.planId, plan.id)];
  const entity = f.entity;
  if (entity && entity.type === 'strand') where.push(eq(auditEvents.strandId, entity.id));
  else if (entity && entity.type !== 'plan') where.push(eq(auditEvents.entityType, entity.type), eq(auditEvents.entityId, entity.id));
  if (f.actor && 'userId' in f.actor) where.push(eq(auditEvents.actorUserId, f.actor.userId));
  else if (f.actor) where.push(eq(sql`lower(${auditEvents.actorEmail})`, f.actor.email));
  if (f.school) where.push(ilike(auditEvents.actorSchool, `%${escapeLike(f.school)}%`));
  if (f.from) where.push(gte(auditEvents.createdAt, ukMidnight(f.from)));
  if (f.to) where.push(lt(auditEvents.createdAt, ukMidnight(nextDay(f.to))));
  if (f.before) where.push(lt(auditEvents.seq, f.before));
  return where;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** The instant a calendar day starts in the UK (dates in filters are the users' days, not UTC days). */
export function ukMidnight(isoDay: string): Date {
  const utcMidnight = new Date(`${isoDay}T00:00:00Z`);
  // UK clocks change at 01:00 UTC, so at 00:00 UTC the offset is that of the day's midnight: 0 or 1 hour.
  const offsetHours = Number(londonHour.format(utcMidnight));
  return new Date(utcMidnight.getTime() - offsetHours * 3_600_000);
}

function nextDay(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** An audit row as the history shows it. */
export function presentHistoryEvent(e: AuditEvent): HistoryEventView {
  return {
    id: e.id,
    seq: e.seq,
    at: e.createdAt.toISOString(),
    actor: { name: e.actorName, email: e.actorEmail, school: e.actorSchool, role: e.actorRole },
    verb: e.verb,
    entityType: e.entityType,
    entityId: e.entityId,
    changes: e.changes.map((c) => ({
      field: c.field,
      before: c.before,
      after: c.after,
      restorable: whyNotRestorable(e, c.field) === null,
    })),
    restoredFrom: restoredFromOf(e),
  };
}

/** The event a restore brought a value back from, read again from the event's data (null for any other event). */
export function restoredFromOf(e: Pick<AuditEvent, 'data'>): RestoredFromView | null {
  const parsed = restoredFromData.safeParse(e.data.restoredFrom);
  if (!parsed.success) return null;
  const { eventId, seq, actorName, at } = parsed.data;
  return { eventId, seq, actorName, at };
}

// ---------------------------------------------------------------------------------------------
// Which recorded values "restore this value" can bring back (lib/commands/restore-value.ts).

/** The fields each kind of entity's update command takes, so a recorded `before` can be sent back. */
export const restorableFields = {
  plan: ['title', 'academicYear'],
  objective: ['text', 'number'],
  strand: ['title', 'subtitle', 'position', 'keyObjective', 'intendedImpact', 'objectiveIds', 'leadUserId'],
  action: ['text', 'position', 'ownerUserId', 'schoolIds', 'due', 'status', 'rag', 'ragReason'],
  impact: ['body', 'date', 'evidenceUrl'],
} as const;

export type RestorableEntityType = keyof typeof restorableFields;

/** Fields that may be empty: any other field with no earlier value has nothing to restore. */
const NULLABLE_FIELDS: readonly string[] = ['subtitle', 'leadUserId', 'ownerUserId', 'rag', 'ragReason', 'date', 'evidenceUrl'];

/** Verbs that record an edit of fields, whose earlier values can be applied again. */
const EDIT_VERBS: { [verb: string]: RestorableEntityType } = {
  'plan.update': 'plan',
  'objective.update': 'objective',
  'objective.move': 'objective',
  'strand.update': 'strand',
  'strand.move': 'strand',
  'action.update': 'action',
  'action.move': 'action',
  'impact.update': 'impact',
  // A restore is an edit too: what it replaced can be brought back in turn.
  'plan.restore': 'plan',
  'objective.restore': 'objective',
  'strand.restore': 'strand',
  'action.restore': 'action',
  'impact.restore': 'impact',
};

const THING: { [entityType: string]: string } = {
  plan: 'plan',
  objective: 'objective',
  strand: 'strand',
  action: 'action',
  impact: 'impact entry',
};

/** The entity type a restorable event's update command applies to, or null. */
export function restorableEntityType(e: Pick<AuditEvent, 'verb' | 'entityType'>): RestorableEntityType | null {
  const type = EDIT_VERBS[e.verb];
  return type && type === e.entityType ? type : null;
}

/** Why a recorded field change cannot be restored, in plain words; null when it can. */
export function whyNotRestorable(e: Pick<AuditEvent, 'verb' | 'entityType' | 'changes'>, field: string): string | null {
  const thing = THING[e.entityType] ?? 'item';
  const [, action = ''] = e.verb.split('.', 2);
  if (e.verb === 'impact.withdraw' || field === 'withdrawn' || field === 'withdrawnReason') {
    return 'A withdrawn impact entry stays withdrawn so the record stays complete; add a new entry instead.';
  }
  if (action === 'create' || action === 'import') {
    return `This change created the ${thing}: there was no earlier value to go back to.`;
  }
  if (action === 'delete') return `This change removed the ${thing}; a removal cannot be undone by restoring a value.`;
  if (action === 'link_objective' || action === 'unlink_objective') {
    return 'Links between a strand and its objectives are changed by linking or unlinking the objective again, not by restoring a value.';
  }
  if (action === 'renumber') {
    return `This ${thing}’s number changed because another was added, moved or removed; move the ${thing} itself to change it.`;
  }
  if (e.verb === 'plan.archive') return 'Archiving a plan is not undone by restoring a value.';
  const type = restorableEntityType(e);
  if (!type) return 'Only edits of a plan’s content can be restored.';
  const change = e.changes.find((c) => c.field === field);
  if (!change) return `This change did not touch “${field}”.`;
  if (!restorableFields[type].some((f) => f === field)) return `The “${field}” of an ${thing} cannot be restored.`;
  if (change.before === null && !NULLABLE_FIELDS.includes(field)) return 'There was no earlier value to restore.';
  return null;
}

// ---------------------------------------------------------------------------------------------

/** Who and what the history filters and changes refer to. */
export type HistoryPeopleView = {
  /** Everyone who appears in the plan's history; `value` is what the `actor` filter takes. */
  people: { value: string; name: string; email: string | null }[];
  /** The partnership's schools: the school filter, and names for `schoolIds` in changes. */
  schools: { id: string; name: string; shortCode: string }[];
  /** Current members by id: names for owner and lead changes. */
  members: { id: string; name: string }[];
  /** The plan's objectives by id: numbers for `objectiveIds` in changes. */
  objectives: { id: string; number: number }[];
};

/** The people who appear in a plan's history (for the person filter), and names for ids in its changes. */
export async function getHistoryPeople(db: Executor, actor: Actor, planId: string): Promise<HistoryPeopleView> {
  const plan = await loadPlanForHistory(db, actor, planId);
  const [actors, schoolRows, memberRows, objectiveRows] = await Promise.all([
    db
      .selectDistinct({ userId: auditEvents.actorUserId, name: auditEvents.actorName, email: auditEvents.actorEmail })
      .from(auditEvents)
      .where(and(eq(auditEvents.partnershipId, plan.partnershipId), eq(auditEvents.planId, plan.id))),
    db
      .select({ id: schools.id, name: schools.name, shortCode: schools.shortCode })
      .from(schools)
      .innerJoin(partnershipSchools, eq(partnershipSchools.schoolId, schools.id))
      .where(eq(partnershipSchools.partnershipId, plan.partnershipId))
      .orderBy(asc(schools.name)),
    db
      .selectDistinct({ id: users.id, name: users.name })
      .from(users)
      .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
      .where(eq(roleAssignments.partnershipId, plan.partnershipId))
      .orderBy(asc(users.name), asc(users.id)),
    db.select({ id: objectives.id, number: objectives.number }).from(objectives).where(eq(objectives.planId, plan.id)).orderBy(asc(objectives.number)),
  ]);
  const people = new Map<string, HistoryPeopleView['people'][number]>();
  for (const a of actors) {
    // The system actor has neither id nor email: there is nobody to filter by.
    const value = a.userId ?? a.email?.toLowerCase();
    if (value && !people.has(value)) people.set(value, { value, name: a.name, email: a.email });
  }
  return {
    people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    schools: schoolRows,
    members: memberRows,
    objectives: objectiveRows,
  };
}
