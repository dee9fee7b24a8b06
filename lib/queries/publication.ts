import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { partnerships, planPublications, plans, reviewSignatures, reviews, signatureWithdrawals } from '@/db/schema';
import { type PublicPlanView, type PublicReviewSource, presentPublicPlan } from '@/lib/presenters/public';
import { formatDate } from '@/lib/presenters/plan';
import { planViewOf } from './plans';

/** The shape of a publication token: URL-safe, long enough to be unguessable. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The parents' page behind a public token: the newest ratified version of the published lineage.
 * Null for an unknown token, a page taken down, or a lineage with no ratified version, alike, so
 * the answer says nothing about whether a page ever existed. No sign-in: this is public on purpose.
 */
export async function getPublishedPlan(db: Executor, token: string): Promise<PublicPlanView | null> {
  if (!TOKEN.test(token)) return null;
  const [publication] = await db
    .select()
    .from(planPublications)
    .where(and(eq(planPublications.token, token), isNotNull(planPublications.publishedAt)));
  if (!publication?.publishedAt) return null;
  const [row] = await db
    .select({ plan: plans, partnership: { id: partnerships.id, name: partnerships.name } })
    .from(plans)
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .where(
      and(eq(plans.lineageId, publication.lineageId), eq(plans.partnershipId, publication.partnershipId), eq(plans.status, 'ratified')),
    )
    .orderBy(desc(plans.versionNumber), desc(plans.createdAt))
    .limit(1);
  if (!row) return null;
  const [view, reviewSources] = await Promise.all([planViewOf(db, row.plan, row.partnership), signedReviews(db, row.plan.id)]);
  return presentPublicPlan(view, reviewSources, { ratifiedAt: row.plan.ratifiedAt, publishedAt: publication.publishedAt });
}

/** The plan's completed and imported reviews with the signatures that stand (not withdrawn). */
async function signedReviews(db: Executor, planId: string): Promise<PublicReviewSource[]> {
  const reviewRows = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.planId, planId), inArray(reviews.status, ['complete', 'historical'])))
    .orderBy(asc(reviews.position));
  if (!reviewRows.length) return [];
  const signatureRows = await db
    .select({
      reviewId: reviewSignatures.reviewId,
      signerName: reviewSignatures.signerName,
      roleLabel: reviewSignatures.roleLabel,
      schoolName: reviewSignatures.schoolName,
      signedAt: reviewSignatures.signedAt,
    })
    .from(reviewSignatures)
    .leftJoin(signatureWithdrawals, eq(signatureWithdrawals.signatureId, reviewSignatures.id))
    .where(and(inArray(reviewSignatures.reviewId, reviewRows.map((r) => r.id)), isNull(signatureWithdrawals.id)))
    .orderBy(asc(reviewSignatures.position), asc(reviewSignatures.createdAt));
  return reviewRows.map((r) => ({
    kind: r.kind,
    heldOn: r.heldOn,
    heldOnLabel: r.heldOnLabel ?? (r.heldOn ? formatDate(r.heldOn) : null),
    statement: r.statement,
    signatures: signatureRows
      .filter((s) => s.reviewId === r.id)
      .map((s) => ({ signerName: s.signerName, roleLabel: s.roleLabel, schoolName: s.schoolName, signedAt: s.signedAt })),
  }));
}
