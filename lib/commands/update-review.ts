import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { collabDocuments, reviews } from '@/db/schema';
import { documentName } from '@/lib/collab/names';
import type { Actor } from '@/lib/auth/actor';
import { AppError, staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { getReviewView } from '@/lib/queries/reviews';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { updateReviewInput } from '@/lib/validation/governance';
import { loadReview } from './governance-support';
import { changesBetween, runCommand } from './support';

/**
 * Edits a review's record while it is open: its meeting date, attendees and minutes. The minutes
 * are co-edited live (`review:<id>:minutes`); once that document exists, they change only through it.
 */
export async function updateReview(
  db: Db,
  actor: Actor,
  reviewId: string,
  input: unknown,
  options: { fromLiveDocument?: boolean } = {},
): Promise<ReviewDetailView> {
  const { version, ...fields } = parseInput(updateReviewInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, review } = await loadReview(tx, actor, reviewId);
    if (review.status !== 'open') {
      throw new AppError('conflict', review.status === 'complete' ? 'This review is complete: its record can no longer be changed.' : 'This review was imported from a signed document: it is kept as printed.');
    }
    authorize(actor, 'review.update', { partnershipId: plan.partnershipId, reviewStatus: review.status }, 'Review');
    if (review.version !== version) throw staleVersion(await getReviewView(tx, actor, reviewId), 'This review');
    if (fields.minutes !== undefined && !options.fromLiveDocument) {
      const [live] = await tx.select({ name: collabDocuments.name }).from(collabDocuments).where(eq(collabDocuments.name, documentName('review', reviewId, 'minutes')));
      if (live) {
        throw new AppError('conflict', 'The minutes are being written live on the review page: edit them there, where your change is kept.');
      }
    }
    const after = {
      ...(fields.heldOn !== undefined ? { heldOn: fields.heldOn } : {}),
      ...(fields.attendees !== undefined ? { attendees: fields.attendees || null } : {}),
      ...(fields.minutes !== undefined ? { minutes: sanitizeRichText(fields.minutes) } : {}),
    };
    const changes = changesBetween(review, after, ['heldOn', 'attendees', 'minutes']);
    if (changes.length) {
      await tx
        .update(reviews)
        .set({ ...after, version: review.version + 1 })
        .where(eq(reviews.id, review.id));
      await audit({ partnershipId: plan.partnershipId, planId: plan.id, entityType: 'review', entityId: review.id, verb: 'review.update', changes });
    }
    return getReviewView(tx, actor, reviewId);
  });
}
