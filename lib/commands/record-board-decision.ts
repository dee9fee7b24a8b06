import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { boardDecisions, plans, recommendations, schools } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, fieldErrors } from '@/lib/errors';
import { BOARD_RECORDER_ROLES, recommendationTypeLabels, roleLabels } from '@/lib/governance/rules';
import { parseInput } from '@/lib/http';
import { notify, resolveNotifications } from '@/lib/notifications/notify';
import { can, holdsAt } from '@/lib/policies';
import type { RecommendationView } from '@/lib/presenters/governance';
import { recommendationViews } from '@/lib/queries/reviews';
import { recordBoardDecisionInput } from '@/lib/validation/governance';
import { holdersOf, loadRecommendation, refuse } from './governance-support';
import { runCommand } from './support';

const decisionWords = { approved: 'approved', rejected: 'rejected', deferred: 'deferred' } as const;

/**
 * Records one school board's decision on a recommendation, by that school's chair of governors or
 * clerk: approved, rejected (with the reason everyone will see) or deferred, with the meeting date
 * and minute reference. When every required board has approved, the recommendation is authorised
 * (and a plan it adopts is ratified, read-only); a rejection ends it (and returns the plan to draft).
 */
export async function recordBoardDecision(db: Db, actor: Actor, recommendationId: string, input: unknown): Promise<RecommendationView> {
  const fields = parseInput(recordBoardDecisionInput, input);
  let refusal: { partnershipId: string; planId: string; schoolName: string } | null = null;
  const result = await runCommand(db, actor, async (ctx) => {
    const { tx, audit } = ctx;
    const { plan, recommendation, review } = await loadRecommendation(tx, actor, recommendationId);
    const [school] = await tx.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, fields.schoolId));
    if (!school || !recommendation.requiredSchoolIds.includes(fields.schoolId)) {
      throw fieldErrors({ schoolId: recommendation.rule === 'jcc' ? 'The JCC decides this alone: no board decision is needed.' : 'That school’s board is not asked to decide this recommendation.' });
    }
    if (!can(actor, 'board.decide', { partnershipId: plan.partnershipId, schoolId: school.id, rule: recommendation.rule })) {
      refusal = { partnershipId: plan.partnershipId, planId: plan.id, schoolName: school.name };
      return null;
    }
    if (recommendation.status !== 'pending') {
      throw new AppError('conflict', `This recommendation is already ${recommendation.status}: no more board decisions are recorded on it.`);
    }
    const [latest] = await tx
      .select()
      .from(boardDecisions)
      .where(and(eq(boardDecisions.recommendationId, recommendation.id), eq(boardDecisions.schoolId, school.id)))
      .orderBy(desc(boardDecisions.createdAt))
      .limit(1);
    if (latest && latest.decision !== 'deferred') {
      throw new AppError('conflict', `${school.name}’s board has already ${decisionWords[latest.decision]} this (meeting of ${latest.meetingDate}). A board decision is final.`);
    }
    const role = BOARD_RECORDER_ROLES.find((r) => holdsAt(actor, plan.partnershipId, r, school.id)) ?? 'chair_of_governors';
    const [decision] = await tx
      .insert(boardDecisions)
      .values({
        recommendationId: recommendation.id,
        schoolId: school.id,
        decision: fields.decision,
        reason: fields.reason || null,
        meetingDate: fields.meetingDate,
        minuteReference: fields.minuteReference || null,
        recordedById: actor.id,
        recordedByName: actor.name,
        roleLabel: roleLabels[role],
        ip: actor.ip,
        userAgent: actor.userAgent,
      })
      .returning();
    const base = { partnershipId: plan.partnershipId, planId: plan.id };
    await audit({
      ...base,
      entityType: 'recommendation',
      entityId: recommendation.id,
      verb: 'board.decide',
      data: {
        decisionId: decision.id,
        school: school.name,
        decision: fields.decision,
        reason: fields.reason || null,
        meetingDate: fields.meetingDate,
        minuteReference: fields.minuteReference || null,
      },
    });
    if (fields.decision !== 'deferred') {
      await resolveNotifications(tx, { subjectId: recommendation.id, kind: 'board_decision_needed', schoolId: school.id });
    }
    const aboutPlan = recommendation.type === 'adopt_plan' || recommendation.type === 'amend_plan';
    if (aboutPlan && review.status !== 'complete') {
      // Cannot happen through the commands (a withdrawal lapses the recommendation); never ratify on it.
      throw new AppError('conflict', 'The review behind this recommendation is no longer signed in full.');
    }
    const now = new Date();

    if (fields.decision === 'rejected') {
      await tx
        .update(recommendations)
        .set({ status: 'rejected', resolvedAt: now, rejectionReason: fields.reason ?? null })
        .where(eq(recommendations.id, recommendation.id));
      await audit({ ...base, entityType: 'recommendation', entityId: recommendation.id, verb: 'recommendation.reject', data: { school: school.name, reason: fields.reason ?? null } });
      await resolveNotifications(tx, { subjectId: recommendation.id, kind: 'board_decision_needed' });
      if (aboutPlan && plan.status === 'awaiting_approval') {
        await tx.update(plans).set({ status: 'draft', revision: plan.revision + 1, updatedAt: now }).where(eq(plans.id, plan.id));
        await audit({
          ...base,
          entityType: 'plan',
          entityId: plan.id,
          verb: 'plan.return_to_draft',
          changes: [{ field: 'status', before: 'awaiting_approval', after: 'draft' }],
          data: { recommendationId: recommendation.id, school: school.name, reason: fields.reason ?? null },
        });
      }
      const people = new Set([
        ...(await holdersOf(tx, plan.partnershipId, ['head_teacher', 'chair_of_governors', 'clerk', 'jcc_member'])),
        ...(recommendation.createdById ? [recommendation.createdById] : []),
      ]);
      await notify(
        ctx,
        [...people].map((userId) => ({
          userId,
          partnershipId: plan.partnershipId,
          kind: 'recommendation_rejected' as const,
          title: `${school.name}’s board rejected: ${recommendationTypeLabels[recommendation.type]}`,
          body: `${school.name}’s board rejected the JCC’s recommendation “${recommendation.text}” (${plan.title}) at its meeting of ${fields.meetingDate}. Reason: “${fields.reason}”.${aboutPlan ? ' The plan is back in draft.' : ''}`,
          href: `/reviews/${review.id}#recommendation-${recommendation.id}`,
          subjectId: recommendation.id,
        })),
      );
    } else if (fields.decision === 'approved') {
      const decided = await tx.select().from(boardDecisions).where(eq(boardDecisions.recommendationId, recommendation.id)).orderBy(boardDecisions.createdAt);
      const latestBySchool = new Map(decided.map((d) => [d.schoolId, d.decision]));
      if (recommendation.requiredSchoolIds.every((id) => latestBySchool.get(id) === 'approved')) {
        await tx.update(recommendations).set({ status: 'authorised', resolvedAt: now }).where(eq(recommendations.id, recommendation.id));
        await audit({ ...base, entityType: 'recommendation', entityId: recommendation.id, verb: 'recommendation.authorise', data: { rule: recommendation.rule } });
        if (aboutPlan && plan.status === 'awaiting_approval') {
          await tx.update(plans).set({ status: 'ratified', ratifiedAt: now, revision: plan.revision + 1, updatedAt: now }).where(eq(plans.id, plan.id));
          await audit({
            ...base,
            entityType: 'plan',
            entityId: plan.id,
            verb: 'plan.ratify',
            changes: [{ field: 'status', before: 'awaiting_approval', after: 'ratified' }],
            data: { recommendationId: recommendation.id, snapshotId: recommendation.snapshotId },
          });
          const people = await holdersOf(tx, plan.partnershipId, ['head_teacher', 'chair_of_governors', 'jcc_member', 'partnership_admin']);
          await notify(
            ctx,
            people.map((userId) => ({
              userId,
              partnershipId: plan.partnershipId,
              kind: 'plan_ratified' as const,
              title: `Ratified: ${plan.title}`,
              body: `Every partner school’s board has approved version ${plan.versionNumber} of ${plan.title}. It is now ratified and read-only.`,
              href: `/plans/${plan.id}`,
              subjectId: recommendation.id,
            })),
          );
        }
      }
    }
    const [updated] = await tx.select().from(recommendations).where(eq(recommendations.id, recommendation.id));
    const [view] = await recommendationViews(tx, actor, [updated]);
    return view;
  });
  if (refusal) {
    const r: { partnershipId: string; planId: string; schoolName: string } = refusal;
    return refuse(
      db,
      actor,
      {
        partnershipId: r.partnershipId,
        planId: r.planId,
        entityType: 'recommendation',
        entityId: recommendationId,
        verb: 'board.decision_refused',
        data: { school: r.schoolName, decision: fields.decision },
      },
      `Only ${r.schoolName}’s chair of governors or clerk records its board’s decisions.`,
    );
  }
  return result as RecommendationView;
}
