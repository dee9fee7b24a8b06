import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { auditEvents, reviews } from '@/db/schema';

const uuid = z.string().uuid();

/**
 * The id of the newest committed change of a plan (its newest audit event), or null: what a live page
 * was rendered with, and what plan.join answers, so a page that joined after a change it never saw
 * fetches itself again. Read it before the page's own data, never after. Not scoped by partnership:
 * only for a plan (or a review's plan) the caller has already been, or is about to be, allowed to read.
 */
export async function latestPlanChangeId(db: Executor, of: { planId: string } | { reviewId: string }): Promise<string | null> {
  // A malformed id is the caller's 404 to give, not a database error.
  if (!uuid.safeParse('planId' in of ? of.planId : of.reviewId).success) return null;
  const planId = 'planId' in of ? of.planId : db.select({ planId: reviews.planId }).from(reviews).where(eq(reviews.id, of.reviewId));
  const [latest] = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.planId, planId)).orderBy(desc(auditEvents.seq)).limit(1);
  return latest?.id ?? null;
}
