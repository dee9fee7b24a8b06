import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { actionSchools, actions, impactEntries, objectives, partnerships, plans, schools, strandObjectives, strands, users } from '@/db/schema';
import { presentPlanSummary } from '@/lib/presenters/plan';
import type { PlanSummaryView } from '@/lib/presenters/types';
import { presentAction, presentImpact, presentObjective, presentStrandFields } from '@/lib/presenters/entities';
import type { ActionEntityView, ImpactEntityView, ObjectiveView, StrandFieldsView } from '@/lib/presenters/types';

// These load one entity as a write answers with it. They do not scope by partnership: commands
// call them after loading the entity through lib/commands/support (which does) and authorizing.

async function person(ex: Executor, id: string | null) {
  if (!id) return null;
  const [u] = await ex.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id));
  return u ?? null;
}

export async function objectiveView(ex: Executor, id: string): Promise<ObjectiveView> {
  const [o] = await ex.select().from(objectives).where(eq(objectives.id, id));
  return presentObjective(o);
}

export async function strandFieldsView(ex: Executor, id: string): Promise<StrandFieldsView> {
  const [strand] = await ex.select().from(strands).where(eq(strands.id, id));
  const links = await ex
    .select({ number: objectives.number })
    .from(strandObjectives)
    .innerJoin(objectives, eq(objectives.id, strandObjectives.objectiveId))
    .where(eq(strandObjectives.strandId, id))
    .orderBy(asc(objectives.number));
  return { ...presentStrandFields(strand, links.map((l) => l.number), await person(ex, strand.leadUserId)), planId: strand.planId };
}

export async function actionEntityView(ex: Executor, id: string): Promise<ActionEntityView> {
  // One statement (commands send it together with their update): the row, its owner and its schools.
  const codes = ex
    .select({ codes: sql<string>`coalesce(json_agg(${schools.shortCode} order by ${schools.shortCode}), '[]')::text` })
    .from(actionSchools)
    .innerJoin(schools, eq(schools.id, actionSchools.schoolId))
    .where(eq(actionSchools.actionId, actions.id));
  const [row] = await ex
    .select({ action: actions, owner: { id: users.id, name: users.name }, codes: sql<string>`(${codes})` })
    .from(actions)
    .leftJoin(users, eq(users.id, actions.ownerUserId))
    .where(eq(actions.id, id));
  return {
    ...presentAction(row.action, JSON.parse(row.codes) as string[], row.owner),
    strandId: row.action.strandId,
    planId: row.action.planId,
  };
}

export async function impactEntityView(ex: Executor, id: string): Promise<ImpactEntityView> {
  const [entry] = await ex.select().from(impactEntries).where(eq(impactEntries.id, id));
  const [plan] = await ex.select({ impactAsOf: plans.impactAsOf }).from(plans).where(eq(plans.id, entry.planId));
  return {
    ...presentImpact(entry, await person(ex, entry.authorUserId), plan.impactAsOf),
    strandId: entry.strandId,
    planId: entry.planId,
    actionId: entry.actionId,
    withdrawnReason: entry.withdrawnReason,
  };
}

export type PlanFieldsView = PlanSummaryView;

export async function planFieldsView(ex: Executor, id: string): Promise<PlanFieldsView> {
  const [row] = await ex
    .select({ plan: plans, partnership: { id: partnerships.id, name: partnerships.name } })
    .from(plans)
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .where(eq(plans.id, id));
  return presentPlanSummary(row.plan, row.partnership);
}

