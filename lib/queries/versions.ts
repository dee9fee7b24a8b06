import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { type Plan, plans } from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { AppError, fieldErrors, notFound } from '@/lib/errors';
import { planContentOf } from '@/lib/governance/content';
import { type PlanDiff, diffPlanContent } from '@/lib/governance/diff';
import type { PlanVersionView } from '@/lib/presenters/governance';
import { lineageVersions } from './governance';

const uuid = z.string().uuid();

/** Two versions of one plan and what changed from the older to the newer. */
export type PlanComparisonView = {
  /** The older version (the lower version number). */
  before: PlanVersionView;
  /** The newer version. */
  after: PlanVersionView;
  diff: PlanDiff;
};

/** A plan of the actor's partnerships; another partnership's plan and a malformed id are the same 404. */
async function scopedPlan(db: Executor, actor: Actor, planId: string): Promise<Plan> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(planId).success) throw notFound('Plan');
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), inArray(plans.partnershipId, ids)));
  if (!plan) throw notFound('Plan');
  return plan;
}

/** Every version of the plan's lineage, newest first, for `GET /api/v1/plans/:id/versions`. */
export async function listPlanVersions(db: Executor, actor: Actor, planId: string): Promise<PlanVersionView[]> {
  const plan = await scopedPlan(db, actor, planId);
  return lineageVersions(db, plan.lineageId);
}

/**
 * Compares two versions of one plan, older to newer whatever order they are named in. A plan
 * outside the actor's partnerships is 404; a plan of another lineage is 400.
 */
export async function comparePlans(db: Executor, actor: Actor, planId: string, otherPlanId: string): Promise<PlanComparisonView> {
  const plan = await scopedPlan(db, actor, planId);
  if (!uuid.safeParse(otherPlanId).success) throw fieldErrors({ with: 'Choose the version to compare with.' });
  const other = await scopedPlan(db, actor, otherPlanId);
  if (other.lineageId !== plan.lineageId) {
    throw new AppError('bad_request', 'Only versions of the same plan can be compared.');
  }
  const [older, newer] =
    plan.versionNumber < other.versionNumber || (plan.versionNumber === other.versionNumber && plan.createdAt <= other.createdAt)
      ? [plan, other]
      : [other, plan];
  const [versions, beforeContent, afterContent] = await Promise.all([
    lineageVersions(db, plan.lineageId),
    planContentOf(db, older),
    planContentOf(db, newer),
  ]);
  const viewOf = (id: string) => {
    const view = versions.find((v) => v.id === id);
    if (!view) throw notFound('Plan');
    return view;
  };
  return { before: viewOf(older.id), after: viewOf(newer.id), diff: diffPlanContent(beforeContent, afterContent) };
}
