import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor, Tx } from '@/db/client';
import { type Role, partnershipSchools, partnerships, plans, recommendations, reviews, roleAssignments, schools, users } from '@/db/schema';
import type { NewAuditEvent } from '@/lib/audit/events';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { governanceRules } from '@/lib/governance/rules';
import { runCommand } from './support';

const uuid = z.string().uuid();

/** A review and its plan, when the actor's partnerships hold them; the review row is locked. */
export async function loadReview(tx: Tx, actor: Actor, reviewId: string) {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(reviewId).success) throw notFound('Review');
  const [found] = await tx
    .select({ planId: reviews.planId })
    .from(reviews)
    .innerJoin(plans, eq(plans.id, reviews.planId))
    .where(and(eq(reviews.id, reviewId), inArray(plans.partnershipId, ids)));
  if (!found) throw notFound('Review');
  const [plan] = await tx.select().from(plans).where(eq(plans.id, found.planId));
  const [review] = await tx.select().from(reviews).where(eq(reviews.id, reviewId)).for('update');
  if (!review) throw notFound('Review');
  return { plan, review };
}

/** A recommendation, its review and its plan (plan locked first, then the recommendation). */
export async function loadRecommendation(tx: Tx, actor: Actor, recommendationId: string) {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(recommendationId).success) throw notFound('Recommendation');
  const [found] = await tx
    .select({ planId: recommendations.planId })
    .from(recommendations)
    .where(and(eq(recommendations.id, recommendationId), inArray(recommendations.partnershipId, ids)));
  if (!found) throw notFound('Recommendation');
  const [plan] = await tx.select().from(plans).where(eq(plans.id, found.planId)).for('update');
  const [recommendation] = await tx.select().from(recommendations).where(eq(recommendations.id, recommendationId)).for('update');
  const [review] = await tx.select().from(reviews).where(eq(reviews.id, recommendation.reviewId));
  return { plan, recommendation, review };
}

/** The partnership's governance rules (its settings over the defaults). */
export async function rulesOf(tx: Executor, partnershipId: string) {
  const [row] = await tx.select({ governance: partnerships.governance }).from(partnerships).where(eq(partnerships.id, partnershipId));
  return governanceRules(row?.governance);
}

/** The partnership's current partner schools (not those that left), by name. */
export async function partnerSchools(tx: Executor, partnershipId: string) {
  return tx
    .select({ id: schools.id, name: schools.name, shortCode: schools.shortCode })
    .from(schools)
    .innerJoin(partnershipSchools, eq(partnershipSchools.schoolId, schools.id))
    .where(and(eq(partnershipSchools.partnershipId, partnershipId), isNull(partnershipSchools.leftOn)))
    .orderBy(asc(schools.name));
}

/** People holding one of `roles` in the partnership (at `schoolId` when given), active accounts only. */
export async function holdersOf(tx: Executor, partnershipId: string, roles: readonly Role[], schoolId?: string): Promise<string[]> {
  if (!roles.length) return [];
  const rows = await tx
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.partnershipId, partnershipId),
        inArray(roleAssignments.role, [...roles]),
        schoolId ? eq(roleAssignments.schoolId, schoolId) : undefined,
        isNull(users.disabledAt),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

/**
 * A signature or board decision attempted by someone who may not make it: the attempt is written
 * to the audit trail in its own transaction, then refused with 403.
 */
export async function refuse(db: Db, actor: Actor, event: Omit<NewAuditEvent, 'actor'>, message: string): Promise<never> {
  await runCommand(db, actor, async ({ audit }) => audit(event));
  throw new AppError('forbidden', message);
}
