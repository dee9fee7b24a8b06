import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { planSnapshots, plans, users } from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { type PlanContent, contentHash, planContentOf } from '@/lib/governance/content';
import { type PlanDiff, diffPlanContent } from '@/lib/governance/diff';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { getReviewView } from './reviews';

const uuid = z.string().uuid();

/** A frozen plan as a review took it, and whether it still matches the hash it was stored (and signed) with. */
export type SnapshotView = {
  id: string;
  planId: string;
  /** SHA-256 (hex) stored when the snapshot was taken: the hash signers signed. */
  hash: string;
  /** ISO time. */
  takenAt: string;
  takenBy: string | null;
  content: PlanContent;
  /** Whether the content, hashed again now, still gives `hash`. */
  verified: boolean;
};

/** What has changed in a plan since a snapshot of it was taken. */
export type SnapshotDiffView = {
  snapshot: { id: string; hash: string; takenAt: string; versionNumber: number };
  plan: { id: string; title: string; versionNumber: number; status: PlanContent['status'] };
  diff: PlanDiff;
};

/**
 * The stored JSON as PlanContent. The snapshot was written from a PlanContent by the start-review
 * command; this only refuses a row that is plainly not one rather than rendering nonsense.
 */
function asPlanContent(value: { [key: string]: unknown }): PlanContent {
  if (value.format !== 1 || !Array.isArray(value.strands) || !Array.isArray(value.objectives) || !Array.isArray(value.schools)) {
    throw new AppError('internal', 'This snapshot is stored in a format jointplan cannot read.');
  }
  return value as unknown as PlanContent;
}

/**
 * One snapshot with its content, re-verified against its stored hash. Another partnership's
 * snapshot and an unknown or malformed id are the same 404.
 */
export async function getSnapshot(db: Executor, actor: Actor, snapshotId: string): Promise<SnapshotView> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(snapshotId).success) throw notFound('Snapshot');
  const [row] = await db
    .select({ snapshot: planSnapshots, takenBy: users.name })
    .from(planSnapshots)
    .leftJoin(users, eq(users.id, planSnapshots.takenById))
    .where(and(eq(planSnapshots.id, snapshotId), inArray(planSnapshots.partnershipId, ids)));
  if (!row) throw notFound('Snapshot');
  const { snapshot } = row;
  const content = asPlanContent(snapshot.content);
  return {
    id: snapshot.id,
    planId: snapshot.planId,
    hash: snapshot.hash,
    takenAt: snapshot.takenAt.toISOString(),
    takenBy: row.takenBy,
    content,
    verified: contentHash(content) === snapshot.hash,
  };
}

/** The diff from a snapshot to its plan as it stands now (scoped like getSnapshot). */
export async function getSnapshotDiff(db: Executor, actor: Actor, snapshotId: string): Promise<SnapshotDiffView> {
  return snapshotDiffOf(db, await getSnapshot(db, actor, snapshotId));
}

/** The diff from a snapshot already scoped to the actor to its plan as it stands now. */
export async function snapshotDiffOf(db: Executor, snapshot: SnapshotView): Promise<SnapshotDiffView> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, snapshot.planId));
  if (!plan) throw notFound('Plan');
  const now = await planContentOf(db, plan);
  return {
    snapshot: { id: snapshot.id, hash: snapshot.hash, takenAt: snapshot.takenAt, versionNumber: snapshot.content.versionNumber },
    plan: { id: plan.id, title: now.title, versionNumber: plan.versionNumber, status: plan.status },
    diff: diffPlanContent(snapshot.content, now),
  };
}

/**
 * A review with the snapshot it froze, for the snapshot and board pack pages. `snapshot` is null
 * for a review imported from a paper document (nothing was frozen). Scoped like getReviewView.
 */
export async function getReviewSnapshot(
  db: Executor,
  actor: Actor,
  reviewId: string,
): Promise<{ review: ReviewDetailView; snapshot: SnapshotView | null }> {
  const review = await getReviewView(db, actor, reviewId);
  const snapshot = review.snapshot ? await getSnapshot(db, actor, review.snapshot.id) : null;
  return { review, snapshot };
}
