import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { type PlanFieldsView, planFieldsView } from '@/lib/queries/entities';
import { updatePlanInput } from '@/lib/validation/plan-content';
import { loadPlan, runCommand } from './support';

/** Archives a plan: it stays readable, and can no longer be changed. */
export async function archivePlan(db: Db, actor: Actor, planId: string, input: unknown): Promise<PlanFieldsView> {
  const { version } = parseInput(updatePlanInput.pick({ version: true }).strict(), input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId);
    authorize(actor, 'plan.update', plan, 'Plan');
    if (plan.revision !== version) throw staleVersion(await planFieldsView(tx, plan.id), 'This plan');
    await tx.update(plans).set({ status: 'archived', revision: plan.revision + 1, updatedAt: new Date() }).where(eq(plans.id, plan.id));
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'plan',
      entityId: plan.id,
      verb: 'plan.archive',
      changes: [{ field: 'status', before: plan.status, after: 'archived' }],
    });
    return planFieldsView(tx, plan.id);
  });
}
