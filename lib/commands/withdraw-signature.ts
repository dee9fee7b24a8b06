import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { plans, recommendations, reviewSignatureLines, reviewSignatures, reviews, signatureWithdrawals } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { notify, resolveNotifications } from '@/lib/notifications/notify';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { getReviewView } from '@/lib/queries/reviews';
import { withdrawSignatureInput } from '@/lib/validation/governance';
import { reviewKindLabel } from '@/components/plan/labels';
import { holdersOf, loadReview, refuse } from './governance-support';
import { runCommand } from './support';

/**
 * A signer withdraws their signature: a new, dated record with their reason (the signature itself
 * stays as it was). The line needs signing again, and a complete review reopens.
 */
export async function withdrawSignature(db: Db, actor: Actor, reviewId: string, input: unknown): Promise<ReviewDetailView> {
  const { signatureId, reason } = parseInput(withdrawSignatureInput, input);
  let refusal: { partnershipId: string; planId: string; line: string } | null = null;
  const result = await runCommand(db, actor, async (ctx) => {
    const { tx, audit } = ctx;
    const { plan, review } = await loadReview(tx, actor, reviewId);
    const [signature] = await tx.select().from(reviewSignatures).where(eq(reviewSignatures.id, signatureId));
    if (!signature || signature.reviewId !== review.id) throw notFound('Signature');
    if (signature.imported || !signature.lineId) throw new AppError('conflict', 'A signature made on paper and imported cannot be withdrawn here.');
    if (signature.userId !== actor.id) {
      refusal = { partnershipId: plan.partnershipId, planId: plan.id, line: `${signature.roleLabel}, ${signature.schoolName}` };
      return null;
    }
    const [already] = await tx.select().from(signatureWithdrawals).where(eq(signatureWithdrawals.signatureId, signature.id));
    if (already) throw new AppError('conflict', `You withdrew this signature on ${already.withdrawnAt.toISOString().slice(0, 10)}.`);
    // What the boards were asked to adopt rests on this review being signed in full.
    const planRecommendations = await tx
      .select()
      .from(recommendations)
      .where(and(eq(recommendations.reviewId, review.id), inArray(recommendations.type, ['adopt_plan', 'amend_plan'])));
    if (planRecommendations.some((r) => r.status === 'authorised')) {
      throw new AppError(
        'conflict',
        'The boards have ratified the plan this review signed, so its signatures stand. To change the plan, amend it and review the new version.',
      );
    }

    const [withdrawal] = await tx
      .insert(signatureWithdrawals)
      .values({ signatureId: signature.id, reviewId: review.id, userId: actor.id, reason, ip: actor.ip, userAgent: actor.userAgent })
      .returning();
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'review',
      entityId: review.id,
      verb: 'review.withdraw_signature',
      data: {
        signatureId: signature.id,
        line: `${signature.roleLabel}, ${signature.schoolName}`,
        signedAt: signature.signedAt?.toISOString() ?? null,
        withdrawnAt: withdrawal.withdrawnAt.toISOString(),
        reason,
      },
    });
    if (review.status === 'complete') {
      await tx.update(reviews).set({ status: 'open', completedAt: null }).where(eq(reviews.id, review.id));
      await audit({
        partnershipId: plan.partnershipId,
        planId: plan.id,
        entityType: 'review',
        entityId: review.id,
        verb: 'review.reopen',
        changes: [{ field: 'status', before: 'complete', after: 'open' }],
        data: { because: 'A signature was withdrawn.' },
      });
    }
    const lapsed = planRecommendations.filter((r) => r.status === 'pending');
    if (lapsed.length) {
      // The boards cannot adopt what is no longer signed in full: the recommendation lapses and
      // the plan is editable again, with the reason shown to all.
      const [locked] = await tx.select().from(plans).where(eq(plans.id, plan.id)).for('update');
      const why = `${actor.name} withdrew their signature (${reason}), so the review is no longer signed in full.`;
      for (const r of lapsed) {
        await tx.update(recommendations).set({ status: 'rejected', resolvedAt: new Date(), rejectionReason: why }).where(eq(recommendations.id, r.id));
        await audit({ partnershipId: plan.partnershipId, planId: plan.id, entityType: 'recommendation', entityId: r.id, verb: 'recommendation.reject', data: { because: why } });
        await resolveNotifications(tx, { subjectId: r.id, kind: 'board_decision_needed' });
      }
      if (locked.status === 'awaiting_approval') {
        await tx.update(plans).set({ status: 'draft', revision: locked.revision + 1, updatedAt: new Date() }).where(eq(plans.id, plan.id));
        await audit({
          partnershipId: plan.partnershipId,
          planId: plan.id,
          entityType: 'plan',
          entityId: plan.id,
          verb: 'plan.return_to_draft',
          changes: [{ field: 'status', before: 'awaiting_approval', after: 'draft' }],
          data: { because: why },
        });
      }
      const people = await holdersOf(tx, plan.partnershipId, ['head_teacher', 'chair_of_governors', 'clerk', 'jcc_member']);
      await notify(
        ctx,
        lapsed.flatMap((r) =>
          people.map((userId) => ({
            userId,
            partnershipId: plan.partnershipId,
            kind: 'recommendation_rejected' as const,
            title: `Recommendation lapsed: ${plan.title}`,
            body: `The JCC’s recommendation “${r.text}” can no longer go to the boards: ${why} The plan is back in draft.`,
            href: `/reviews/${review.id}#recommendation-${r.id}`,
            subjectId: r.id,
          })),
        ),
      );
    }
    const [line] = await tx.select().from(reviewSignatureLines).where(eq(reviewSignatureLines.id, signature.lineId));
    const people = await holdersOf(tx, plan.partnershipId, [line.role], line.schoolId);
    await notify(
      ctx,
      people.map((userId) => ({
        userId,
        partnershipId: plan.partnershipId,
        kind: 'signature_needed' as const,
        title: `Your signature is needed again: ${reviewKindLabel[review.kind]} of ${plan.title}`,
        body: `${actor.name} withdrew the signature of the ${line.roleLabel.toLowerCase()} of ${line.schoolName}: “${reason}”. The line needs signing again.`,
        href: `/reviews/${review.id}`,
        subjectId: review.id,
        schoolId: line.schoolId,
      })),
    );
    return getReviewView(tx, actor, reviewId);
  });
  if (refusal) {
    const r: { partnershipId: string; planId: string; line: string } = refusal;
    return refuse(
      db,
      actor,
      { partnershipId: r.partnershipId, planId: r.planId, entityType: 'review', entityId: reviewId, verb: 'review.signature_refused', data: { signatureId, line: r.line, attempted: 'withdraw' } },
      'Only the person who signed can withdraw their signature.',
    );
  }
  return result as ReviewDetailView;
}
