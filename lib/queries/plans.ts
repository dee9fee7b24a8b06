import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import {
  actionSchools,
  actions,
  impactEntries,
  objectives,
  partnershipSchools,
  type Plan,
  partnerships,
  plans,
  reviewSignatureLines,
  reviewSignatures,
  reviews,
  signatureWithdrawals,
  schools,
  strandObjectives,
  strands,
  users,
} from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { presentAction, presentImpact, presentObjective, presentStrandFields } from '@/lib/presenters/entities';
import { presentPlanSummary } from '@/lib/presenters/plan';
import type { PlanSummaryView, PlanView } from '@/lib/presenters/types';

const planId = z.string().uuid();

/** The plans of every partnership the actor belongs to, newest first. */
export async function listPlans(db: Executor, actor: Actor): Promise<PlanSummaryView[]> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length) return [];
  const rows = await db
    .select({ plan: plans, partnership: { id: partnerships.id, name: partnerships.name } })
    .from(plans)
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .where(inArray(plans.partnershipId, ids))
    .orderBy(asc(partnerships.name), desc(plans.academicYear), desc(plans.createdAt));
  return rows.map((r) => presentPlanSummary(r.plan, r.partnership));
}

/**
 * One plan in full, as the plan page and `GET /api/v1/plans/:id` show it. A plan of another
 * partnership and an unknown or malformed id are the same 404.
 */
export async function getPlanView(db: Executor, actor: Actor, id: string): Promise<PlanView> {
  const parsedId = planId.safeParse(id);
  const ids = partnershipIdsOf(actor);
  if (!parsedId.success || !ids.length) throw notFound('Plan');
  const [row] = await db
    .select({ plan: plans, partnership: { id: partnerships.id, name: partnerships.name } })
    .from(plans)
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .where(and(eq(plans.id, parsedId.data), inArray(plans.partnershipId, ids)))
    .limit(1);
  if (!row) throw notFound('Plan');
  return planViewOf(db, row.plan, row.partnership);
}

/**
 * A plan in full, without checking who asks: only for callers that have already scoped the plan to
 * the actor's partnership (or show it publicly on purpose, like the parents' page).
 */
export async function planViewOf(db: Executor, plan: Plan, partnership: { id: string; name: string }): Promise<PlanView> {

  const [schoolRows, objectiveRows, strandRows, linkRows, actionRows, actionSchoolRows, impactRows, reviewRows, signatureRows, lineRows] =
    await Promise.all([
      db
        .select({ id: schools.id, name: schools.name, shortCode: schools.shortCode })
        .from(schools)
        .innerJoin(partnershipSchools, eq(partnershipSchools.schoolId, schools.id))
        .where(eq(partnershipSchools.partnershipId, plan.partnershipId))
        .orderBy(asc(schools.name)),
      db.select().from(objectives).where(eq(objectives.planId, plan.id)).orderBy(asc(objectives.number)),
      db
        .select({ strand: strands, lead: { id: users.id, name: users.name } })
        .from(strands)
        .leftJoin(users, eq(users.id, strands.leadUserId))
        .where(eq(strands.planId, plan.id))
        .orderBy(asc(strands.position)),
      db
        .select({ strandId: strandObjectives.strandId, number: objectives.number })
        .from(strandObjectives)
        .innerJoin(objectives, eq(objectives.id, strandObjectives.objectiveId))
        .where(eq(objectives.planId, plan.id))
        .orderBy(asc(objectives.number)),
      db
        .select({ action: actions, owner: { id: users.id, name: users.name } })
        .from(actions)
        .leftJoin(users, eq(users.id, actions.ownerUserId))
        .where(eq(actions.planId, plan.id))
        .orderBy(asc(actions.strandId), asc(actions.position)),
      db
        .select({ actionId: actionSchools.actionId, shortCode: schools.shortCode })
        .from(actionSchools)
        .innerJoin(actions, eq(actions.id, actionSchools.actionId))
        .innerJoin(schools, eq(schools.id, actionSchools.schoolId))
        .where(eq(actions.planId, plan.id))
        .orderBy(asc(schools.shortCode)),
      db
        .select({ entry: impactEntries, author: { id: users.id, name: users.name } })
        .from(impactEntries)
        .leftJoin(users, eq(users.id, impactEntries.authorUserId))
        .where(eq(impactEntries.planId, plan.id))
        .orderBy(asc(impactEntries.strandId), asc(impactEntries.position)),
      db.select().from(reviews).where(eq(reviews.planId, plan.id)).orderBy(asc(reviews.position)),
      db
        .select({ signature: reviewSignatures, withdrawnId: signatureWithdrawals.id })
        .from(reviewSignatures)
        .innerJoin(reviews, eq(reviews.id, reviewSignatures.reviewId))
        .leftJoin(signatureWithdrawals, eq(signatureWithdrawals.signatureId, reviewSignatures.id))
        .where(eq(reviews.planId, plan.id))
        .orderBy(asc(reviewSignatures.position)),
      db
        .select({ reviewId: reviewSignatureLines.reviewId, id: reviewSignatureLines.id })
        .from(reviewSignatureLines)
        .innerJoin(reviews, eq(reviews.id, reviewSignatureLines.reviewId))
        .where(eq(reviews.planId, plan.id)),
    ]);

  const group = <T, K>(items: T[], key: (t: T) => K) => {
    const map = new Map<K, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
  };
  const linksByStrand = group(linkRows, (l) => l.strandId);
  const actionsByStrand = group(actionRows, (a) => a.action.strandId);
  const schoolsByAction = group(actionSchoolRows, (s) => s.actionId);
  const impactByStrand = group(impactRows, (i) => i.entry.strandId);
  const signaturesByReview = group(signatureRows, (s) => s.signature.reviewId);
  const linesByReview = group(lineRows, (l) => l.reviewId);

  return {
    ...presentPlanSummary(plan, partnership),
    yearLabel: plan.yearLabel,
    note: plan.note,
    objectivesIntro: plan.objectivesIntro,
    impactAsOf: plan.impactAsOf,
    schools: schoolRows,
    objectives: objectiveRows.map(presentObjective),
    strands: strandRows.map(({ strand, lead }) => ({
      ...presentStrandFields(
        strand,
        (linksByStrand.get(strand.id) ?? []).map((l) => l.number),
        lead?.id ? { id: lead.id, name: lead.name } : null,
      ),
      actions: (actionsByStrand.get(strand.id) ?? []).map(({ action, owner }) =>
        presentAction(
          action,
          (schoolsByAction.get(action.id) ?? []).map((s) => s.shortCode),
          owner?.id ? { id: owner.id, name: owner.name } : null,
        ),
      ),
      impact: (impactByStrand.get(strand.id) ?? []).map(({ entry, author }) =>
        presentImpact(entry, author?.id ? { id: author.id, name: author.name } : null, plan.impactAsOf),
      ),
    })),
    reviews: reviewRows.map((r) => ({
      id: r.id,
      position: r.position,
      kind: r.kind,
      status: r.status,
      heldOn: r.heldOn,
      heldOnLabel: r.heldOnLabel,
      statement: r.statement,
      signing:
        r.status === 'historical'
          ? null
          : {
              signed: new Set((signaturesByReview.get(r.id) ?? []).filter((s) => !s.withdrawnId && s.signature.lineId).map((s) => s.signature.lineId)).size,
              required: linesByReview.get(r.id)?.length ?? 0,
            },
      // Standing signatures only: a withdrawn one is on the review's own page, with its withdrawal.
      signatures: (signaturesByReview.get(r.id) ?? []).filter((s) => !s.withdrawnId).map(({ signature: s }) => ({
        id: s.id,
        name: s.signerName,
        roleLabel: s.roleLabel,
        schoolName: s.schoolName,
        imported: s.imported,
        signedAt: s.signedAt?.toISOString() ?? null,
      })),
    })),
  };
}
