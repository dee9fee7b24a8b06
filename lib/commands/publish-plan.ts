import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { planPublications, plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { publicationOf } from '@/lib/queries/governance';
import { emptyInput } from '@/lib/validation/governance';
import { loadPlan, runCommand } from './support';

export type PublicationView = { path: string; publishedAt: string } | null;

/**
 * Publishes a plan for parents at a public read-only address (`/p/<token>`). The page always shows
 * the lineage's newest ratified version, so a plan must have been ratified first. Republishing
 * keeps the address.
 */
export async function publishPlan(db: Db, actor: Actor, planId: string, input: unknown = {}): Promise<PublicationView> {
  parseInput(emptyInput, input ?? {});
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId, 'share');
    authorize(actor, 'plan.publish', { partnershipId: plan.partnershipId }, 'Plan');
    const [ratified] = await tx
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.lineageId, plan.lineageId), eq(plans.status, 'ratified')))
      .limit(1);
    if (!ratified) throw new AppError('conflict', 'Only a ratified plan can be published for parents: this plan has not been ratified yet.');
    const [existing] = await tx.select().from(planPublications).where(eq(planPublications.lineageId, plan.lineageId)).for('update');
    const now = new Date();
    if (existing?.publishedAt) return publicationOf(tx, plan.lineageId);
    if (existing) {
      await tx.update(planPublications).set({ publishedAt: now, publishedById: actor.id, updatedAt: now }).where(eq(planPublications.lineageId, plan.lineageId));
    } else {
      await tx.insert(planPublications).values({
        lineageId: plan.lineageId,
        partnershipId: plan.partnershipId,
        token: randomBytes(18).toString('base64url'),
        publishedAt: now,
        publishedById: actor.id,
      });
    }
    const publication = await publicationOf(tx, plan.lineageId);
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'plan',
      entityId: plan.id,
      verb: 'plan.publish',
      data: { lineageId: plan.lineageId, path: publication?.path ?? null },
    });
    return publication;
  });
}

/** Takes the parents' page down at once; the address answers 404 until it is published again. */
export async function unpublishPlan(db: Db, actor: Actor, planId: string): Promise<PublicationView> {
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId, 'share');
    authorize(actor, 'plan.publish', { partnershipId: plan.partnershipId }, 'Plan');
    const [existing] = await tx.select().from(planPublications).where(eq(planPublications.lineageId, plan.lineageId)).for('update');
    if (!existing?.publishedAt) return null;
    await tx.update(planPublications).set({ publishedAt: null, updatedAt: new Date() }).where(eq(planPublications.lineageId, plan.lineageId));
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'plan',
      entityId: plan.id,
      verb: 'plan.unpublish',
      data: { lineageId: plan.lineageId },
    });
    return null;
  });
}
