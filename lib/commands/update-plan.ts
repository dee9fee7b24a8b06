import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { type PlanFieldsView, planFieldsView } from '@/lib/queries/entities';
import { updatePlanInput } from '@/lib/validation/plan-content';
import { type EditOptions, changesBetween, editAudit, loadPlan, runCommand } from './support';

/** Edits a plan's title or academic year. `version` is the plan's concurrency version (the `revision` column). */
export async function updatePlan(db: Db, actor: Actor, planId: string, input: unknown, options: EditOptions = {}): Promise<PlanFieldsView> {
  const { version, ...fields } = parseInput(updatePlanInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId);
    authorize(actor, 'plan.update', plan, 'Plan');
    if (plan.revision !== version) throw staleVersion(await planFieldsView(tx, plan.id), 'This plan');
    const changes = changesBetween(plan, fields, ['title', 'academicYear']);
    if (changes.length) {
      await tx
        .update(plans)
        .set({ ...fields, revision: plan.revision + 1, updatedAt: new Date() })
        .where(eq(plans.id, plan.id));
      await audit({ partnershipId: plan.partnershipId, planId: plan.id, entityType: 'plan', entityId: plan.id, ...editAudit('plan.update', 'plan.restore', options), changes });
    }
    return planFieldsView(tx, plan.id);
  });
}

