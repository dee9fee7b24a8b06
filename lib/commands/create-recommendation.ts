import { eq, max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type AuditValue, planSnapshots, plans, recommendations } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, fieldErrors } from '@/lib/errors';
import { type PlanContent, contentHash, planContentOf } from '@/lib/governance/content';
import { BOARD_RECORDER_ROLES, approvalRuleLabels, recommendationTypeLabels } from '@/lib/governance/rules';
import { parseInput } from '@/lib/http';
import { notify } from '@/lib/notifications/notify';
import { authorize } from '@/lib/policies';
import type { RecommendationView } from '@/lib/presenters/governance';
import { recommendationViews } from '@/lib/queries/reviews';
import { createRecommendationInput } from '@/lib/validation/governance';
import { holdersOf, loadReview, partnerSchools, rulesOf } from './governance-support';
import { runCommand } from './support';

/** What a recommendation says when the JCC gives no words of its own. */
const DEFAULT_TEXT = {
  adopt_plan: 'The JCC recommends that each governing board adopts this Collaboration Action Plan.',
  amend_plan: 'The JCC recommends that each governing board adopts this plan as amended.',
  meeting_schedule: 'The JCC agrees its meeting schedule.',
  admit_school: 'The JCC agrees a request from another school to join the collaboration.',
  school_leaves: 'The JCC recommends that the school leaves the collaboration.',
  other: '',
} as const;

/** Whether two contents say the same thing, whatever the plan's status. */
function sameSubstance(a: PlanContent, b: PlanContent): boolean {
  return contentHash({ ...a, status: 'draft' }) === contentHash({ ...b, status: 'draft' });
}

/**
 * Records what a JCC review recommends. Each decision type follows the partnership's approval rule
 * (fixed on the recommendation when it is made): the JCC alone (in effect at once), the JCC and one
 * school's board, or every partner school's board. Recommending that the boards adopt or amend the
 * plan needs the review signed in full and the plan unchanged since its snapshot, and holds the
 * plan read-only while the boards decide.
 */
export async function createRecommendation(db: Db, actor: Actor, reviewId: string, input: unknown): Promise<RecommendationView> {
  const fields = parseInput(createRecommendationInput, input);
  return runCommand(db, actor, async (ctx) => {
    const { tx, audit } = ctx;
    const { review } = await loadReview(tx, actor, reviewId);
    // Lock the plan: a recommendation to adopt it changes its status.
    const [plan] = await tx.select().from(plans).where(eq(plans.id, review.planId)).for('update');
    if (review.kind !== 'jcc') throw new AppError('conflict', 'Only a JCC review makes recommendations; this is a head teachers’ review.');
    if (review.status === 'historical') throw new AppError('conflict', 'This review was imported from a signed document: its decisions are kept as printed.');
    authorize(actor, 'recommendation.create', { partnershipId: plan.partnershipId, reviewKind: review.kind, reviewStatus: review.status }, 'Review');

    const [rules, schoolRows] = await Promise.all([rulesOf(tx, plan.partnershipId), partnerSchools(tx, plan.partnershipId)]);
    const rule = rules.approvals[fields.type];
    if (fields.subjectSchoolId && !schoolRows.some((s) => s.id === fields.subjectSchoolId)) {
      throw fieldErrors({ subjectSchoolId: 'That school is not a partner school of this collaboration.' });
    }
    if (rule === 'school_board' && !fields.subjectSchoolId) {
      throw fieldErrors({ subjectSchoolId: `${approvalRuleLabels[rule]} decide this: choose the school.` });
    }
    const requiredSchoolIds = rule === 'all_boards' ? schoolRows.map((s) => s.id) : rule === 'school_board' ? [fields.subjectSchoolId as string] : [];

    const aboutPlan = fields.type === 'adopt_plan' || fields.type === 'amend_plan';
    if (aboutPlan) {
      if (review.status !== 'complete') {
        throw new AppError('conflict', 'Every required signature must be given before the JCC recommends the plan to the boards.');
      }
      if (plan.status !== 'draft' && plan.status !== 'in_review') {
        throw new AppError(
          'conflict',
          plan.status === 'awaiting_approval'
            ? 'This plan is already with the boards for approval.'
            : `This plan is ${plan.status}: amend it to open a new version, and recommend that.`,
        );
      }
      const [snapshot] = await tx.select().from(planSnapshots).where(eq(planSnapshots.id, review.snapshotId as string));
      const now = await planContentOf(tx, plan);
      if (!sameSubstance(snapshot.content as unknown as PlanContent, now)) {
        throw new AppError(
          'conflict',
          'The plan has changed since this review’s snapshot was signed. The boards can only be asked to adopt what was signed: start a new review of the plan as it is now.',
        );
      }
    }

    const [{ last }] = await tx.select({ last: max(recommendations.position) }).from(recommendations).where(eq(recommendations.reviewId, review.id));
    const authorisedNow = rule === 'jcc';
    const [recommendation] = await tx
      .insert(recommendations)
      .values({
        partnershipId: plan.partnershipId,
        reviewId: review.id,
        planId: plan.id,
        position: (last ?? 0) + 1,
        type: fields.type,
        text: fields.text || DEFAULT_TEXT[fields.type],
        subjectSchoolId: fields.subjectSchoolId ?? null,
        rule,
        requiredSchoolIds,
        snapshotId: aboutPlan ? review.snapshotId : null,
        status: authorisedNow ? 'authorised' : 'pending',
        resolvedAt: authorisedNow ? new Date() : null,
        createdById: actor.id,
        createdByName: actor.name,
      })
      .returning();
    const base = { partnershipId: plan.partnershipId, planId: plan.id, entityType: 'recommendation' as const, entityId: recommendation.id };
    await audit({
      ...base,
      verb: 'recommendation.create',
      data: {
        reviewId: review.id,
        type: fields.type,
        text: recommendation.text,
        rule,
        requiredSchools: schoolRows.filter((s) => requiredSchoolIds.includes(s.id)).map((s) => s.name),
        subjectSchoolId: fields.subjectSchoolId ?? null,
      } satisfies { [key: string]: AuditValue },
    });
    if (authorisedNow) {
      await audit({ ...base, verb: 'recommendation.authorise', data: { rule, because: 'The JCC decides this alone.' } });
    }
    if (aboutPlan) {
      await tx.update(plans).set({ status: 'awaiting_approval', revision: plan.revision + 1, updatedAt: new Date() }).where(eq(plans.id, plan.id));
      await audit({
        partnershipId: plan.partnershipId,
        planId: plan.id,
        entityType: 'plan',
        entityId: plan.id,
        verb: 'plan.await_approval',
        changes: [{ field: 'status', before: plan.status, after: 'awaiting_approval' }],
        data: { recommendationId: recommendation.id },
      });
    }

    for (const school of schoolRows.filter((s) => requiredSchoolIds.includes(s.id))) {
      const people = await holdersOf(tx, plan.partnershipId, BOARD_RECORDER_ROLES, school.id);
      await notify(
        ctx,
        people.map((userId) => ({
          userId,
          partnershipId: plan.partnershipId,
          kind: 'board_decision_needed' as const,
          title: `Your board’s decision is needed: ${recommendationTypeLabels[fields.type]}`,
          body: `The JCC recommends: “${recommendation.text}” (${plan.title}). Record ${school.name}’s board decision once it has met.`,
          href: `/reviews/${review.id}#recommendation-${recommendation.id}`,
          subjectId: recommendation.id,
          schoolId: school.id,
        })),
      );
    }
    const [view] = await recommendationViews(tx, actor, [recommendation]);
    return view;
  });
}
