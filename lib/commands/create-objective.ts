import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { objectives } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ObjectiveView } from '@/lib/presenters/types';
import { objectiveView } from '@/lib/queries/entities';
import { createObjectiveInput } from '@/lib/validation/plan-content';
import { renumberObjectives } from './positions';
import { loadPlan, runCommand, touchPlan } from './support';

/** Adds an overriding objective, at the end or at the number given (the others renumber). */
export async function createObjective(db: Db, actor: Actor, planId: string, input: unknown): Promise<ObjectiveView> {
  const data = parseInput(createObjectiveInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId);
    authorize(actor, 'plan.update', plan, 'Plan');
    const [{ n }] = await tx.select({ n: count() }).from(objectives).where(eq(objectives.planId, plan.id));
    const number = Math.min(data.number ?? n + 1, n + 1);
    const [row] = await tx.insert(objectives).values({ planId: plan.id, number: n + 1, text: data.text }).returning();
    if (number !== n + 1) await renumberObjectives({ tx, audit }, plan, { id: row.id, number });
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'objective',
      entityId: row.id,
      verb: 'objective.create',
      changes: [
        { field: 'text', before: null, after: data.text },
        { field: 'number', before: null, after: number },
      ],
    });
    await touchPlan(tx, plan.id);
    return objectiveView(tx, row.id);
  });
}
