import { z } from 'zod';
import { apiRequest } from '@/components/plan/editor/api';
import type {
  createRecommendationInput,
  recordBoardDecisionInput,
  signReviewInput,
  startReviewInput,
  updateReviewInput,
  withdrawSignatureInput,
} from '@/lib/validation/governance';

/*
 * The governance API as the pages call it. Success answers are read only for the id of what was
 * created (to navigate to it); everything on screen comes back through router.refresh().
 */
const ref = z.object({ id: z.string() }).loose();
const anyAnswer = z.unknown();
/** `{ review: { id } }` or the review itself: the id of the review started. */
const reviewCreated = z.union([z.object({ review: ref }).transform((body) => body.review.id), ref.transform((body) => body.id)]);
/** `{ plan: { id } }` or the plan itself: the id of the new version. */
const planCreated = z.union([z.object({ plan: ref }).transform((body) => body.plan.id), ref.transform((body) => body.id)]);

const enc = encodeURIComponent;

export type StartReviewBody = z.input<typeof startReviewInput>;
export type UpdateReviewBody = z.input<typeof updateReviewInput>;
export type SignReviewBody = z.input<typeof signReviewInput>;
export type WithdrawSignatureBody = z.input<typeof withdrawSignatureInput>;
export type RecommendationBody = z.input<typeof createRecommendationInput>;
export type BoardDecisionBody = z.input<typeof recordBoardDecisionInput>;

/** POST /api/v1/plans/:id/reviews: starts a review (and freezes the plan's snapshot); answers its id. */
export const startReview = (planId: string, body: StartReviewBody) =>
  apiRequest('POST', `/api/v1/plans/${enc(planId)}/reviews`, body, reviewCreated);

/** PATCH /api/v1/reviews/:id: meeting date and attendees. */
export const updateReview = (reviewId: string, body: UpdateReviewBody) =>
  apiRequest('PATCH', `/api/v1/reviews/${enc(reviewId)}`, body, anyAnswer);

/** POST /api/v1/reviews/:id/signatures: signs a line after the password is given again. */
export const signReview = (reviewId: string, body: SignReviewBody) =>
  apiRequest('POST', `/api/v1/reviews/${enc(reviewId)}/signatures`, body, anyAnswer);

/** POST /api/v1/reviews/:id/withdrawals: a dated withdrawal of one's own signature. */
export const withdrawSignature = (reviewId: string, body: WithdrawSignatureBody) =>
  apiRequest('POST', `/api/v1/reviews/${enc(reviewId)}/withdrawals`, body, anyAnswer);

/** POST /api/v1/reviews/:id/recommendations. */
export const createRecommendation = (reviewId: string, body: RecommendationBody) =>
  apiRequest('POST', `/api/v1/reviews/${enc(reviewId)}/recommendations`, body, anyAnswer);

/** POST /api/v1/recommendations/:id/decisions: one school's board decision. */
export const recordBoardDecision = (recommendationId: string, body: BoardDecisionBody) =>
  apiRequest('POST', `/api/v1/recommendations/${enc(recommendationId)}/decisions`, body, anyAnswer);

/** POST /api/v1/plans/:id/amendments: opens the next draft version; answers its id. */
export const amendPlan = (planId: string) => apiRequest('POST', `/api/v1/plans/${enc(planId)}/amendments`, {}, planCreated);

/** POST /api/v1/plans/:id/publication: publishes the ratified version for parents. */
export const publishPlan = (planId: string) => apiRequest('POST', `/api/v1/plans/${enc(planId)}/publication`, {}, anyAnswer);

/** DELETE /api/v1/plans/:id/publication: takes the parents' page down. */
export const unpublishPlan = (planId: string) => apiRequest('DELETE', `/api/v1/plans/${enc(planId)}/publication`, undefined, anyAnswer);
