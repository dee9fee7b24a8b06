import { and, asc, eq, ne } from 'drizzle-orm';
import { actions, objectives, strands } from '@/db/schema';
import type { CommandContext } from './support';

/*
 * Objectives are numbered 1..N in a plan, strands positioned 1..N in a plan, actions 1..N in a
 * strand. Numbers are order, not content: they do not bump versions. But a number is what people
 * see ("Objective 2", "strand 3"), so every row whose number changes because another row was
 * added, moved or removed gets an event of its own (`*.renumber`), written in the same transaction
 * before the event of the change that caused it.
 */

type Numbered = { id: string; n: number };
type Place = { id: string; n: number };
/** A sibling whose number changed as a side effect. */
type Shift = { id: string; before: number; after: number };

/**
 * The rows whose number changes when `rows` (in order, without the placed one) are numbered 1..N
 * with `place` put at its number (clamped to the ends); the placed row has no `before`.
 */
function renumbering(rows: readonly Numbered[], place?: Place): { id: string; before: number | null; after: number }[] {
  const order = rows.map((r) => r.id);
  if (place) order.splice(Math.min(Math.max(place.n, 1), order.length + 1) - 1, 0, place.id);
  const current = new Map(rows.map((r) => [r.id, r.n]));
  return order.flatMap((id, index) => (current.get(id) === index + 1 ? [] : [{ id, before: current.get(id) ?? null, after: index + 1 }]));
}

/**
 * Writes each row's new number with `write`, then records each sibling that moved (not the placed
 * row, whose own event says where it went) as the event `event` describes.
 */
async function apply(
  audit: CommandContext['audit'],
  rows: readonly Numbered[],
  place: Place | undefined,
  write: (id: string, n: number) => Promise<unknown>,
  event: (shift: Shift) => Parameters<CommandContext['audit']>[0],
): Promise<void> {
  const shifts: Shift[] = [];
  for (const change of renumbering(rows, place)) {
    await write(change.id, change.after);
    if (change.id !== place?.id && change.before !== null) shifts.push({ id: change.id, before: change.before, after: change.after });
  }
  for (const shift of shifts) await audit(event(shift));
}

type Ctx = Pick<CommandContext, 'tx' | 'audit'>;
type PlanRef = { id: string; partnershipId: string };
const planOf = (plan: PlanRef) => ({ partnershipId: plan.partnershipId, planId: plan.id });

/**
 * Renumbers a plan's objectives 1..N in their current order, with `place.id` (if given) put at
 * `place.number`; each other objective whose number changes gets an `objective.renumber` event.
 */
export async function renumberObjectives({ tx, audit }: Ctx, plan: PlanRef, place?: { id: string; number: number }): Promise<void> {
  const rows = await tx
    .select({ id: objectives.id, n: objectives.number })
    .from(objectives)
    .where(place ? and(eq(objectives.planId, plan.id), ne(objectives.id, place.id)) : eq(objectives.planId, plan.id))
    .orderBy(asc(objectives.number), asc(objectives.createdAt));
  await apply(
    audit,
    rows,
    place && { id: place.id, n: place.number },
    (id, n) => tx.update(objectives).set({ number: n }).where(eq(objectives.id, id)),
    ({ id, before, after }) => ({ ...planOf(plan), entityType: 'objective', entityId: id, verb: 'objective.renumber', changes: [{ field: 'number', before, after }] }),
  );
}

/** As renumberObjectives, for a plan's strands (`strand.renumber` events). */
export async function repositionStrands({ tx, audit }: Ctx, plan: PlanRef, place?: { id: string; position: number }): Promise<void> {
  const rows = await tx
    .select({ id: strands.id, n: strands.position })
    .from(strands)
    .where(place ? and(eq(strands.planId, plan.id), ne(strands.id, place.id)) : eq(strands.planId, plan.id))
    .orderBy(asc(strands.position), asc(strands.createdAt));
  await apply(
    audit,
    rows,
    place && { id: place.id, n: place.position },
    (id, n) => tx.update(strands).set({ position: n }).where(eq(strands.id, id)),
    ({ id, before, after }) => ({ ...planOf(plan), strandId: id, entityType: 'strand', entityId: id, verb: 'strand.renumber', changes: [{ field: 'position', before, after }] }),
  );
}

/** As renumberObjectives, for the actions of one strand (`action.renumber` events). */
export async function repositionActions({ tx, audit }: Ctx, plan: PlanRef, strandId: string, place?: { id: string; position: number }): Promise<void> {
  const rows = await tx
    .select({ id: actions.id, n: actions.position })
    .from(actions)
    .where(place ? and(eq(actions.strandId, strandId), ne(actions.id, place.id)) : eq(actions.strandId, strandId))
    .orderBy(asc(actions.position), asc(actions.createdAt));
  await apply(
    audit,
    rows,
    place && { id: place.id, n: place.position },
    (id, n) => tx.update(actions).set({ position: n }).where(eq(actions.id, id)),
    ({ id, before, after }) => ({ ...planOf(plan), strandId, entityType: 'action', entityId: id, verb: 'action.renumber', changes: [{ field: 'position', before, after }] }),
  );
}
