import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { ReviewDetail } from '@/components/governance/review/ReviewDetail';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { latestPlanChangeId } from '@/lib/queries/plan-changes';
import { getReviewView } from '@/lib/queries/reviews';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const loadReview = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/reviews/${id}`)}`);
  try {
    // Before the review itself: a change committed in between shows as one the page has not seen.
    const lastChangeId = await latestPlanChangeId(getDb(), { reviewId: id });
    return { review: await getReviewView(getDb(), actor, id), lastChangeId };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { review } = await loadReview((await params).id);
  return { title: `${review.kindLabel}${review.heldOnLabel ? `, ${review.heldOnLabel}` : ''} · ${review.plan.title}` };
}

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { review, lastChangeId } = await loadReview((await params).id);
  return (
    <div className="container page">
      <ReviewDetail review={review} lastChangeId={lastChangeId} />
    </div>
  );
}
