import { eq, max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type AuditValue, planSnapshots, reviewSignatureLines, reviews } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { contentHash, planContentOf } from '@/lib/governance/content';
import { roleLabels } from '@/lib/governance/rules';
import { parseInput } from '@/lib/http';
import { notify } from '@/lib/notifications/notify';
import { authorize } from '@/lib/policies';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { formatDate } from '@/lib/presenters/plan';
import { getReviewView } from '@/lib/queries/reviews';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { startReviewInput } from '@/lib/validation/governance';
import { reviewKindLabel } from '@/components/plan/labels';
import { holdersOf, partnerSchools, rulesOf } from './governance-support';
import { loadPlan, runCommand } from './support';

/**
 * Starts a review of a plan: freezes a snapshot of the plan as it stands (with its SHA-256) and
 * sets out the signature lines the partnership's rules require for this kind of review, one per
 * role at every partner school. The people who hold those roles are told their signature is needed.
 */
export async function startReview(db: Db, actor: Actor, planId: string, input: unknown): Promise<ReviewDetailView> {
  const fields = parseInput(startReviewInput, input);
  return runCommand(db, actor, async (ctx) => {
    const { tx, audit } = ctx;
    // The plan's lock keeps edits out while the snapshot is read, so it is one consistent moment.
    const plan = await loadPlan(tx, actor, planId, 'update');
    if (plan.status === 'archived') throw new AppError('conflict', 'This plan is archived: it can no longer be reviewed.');
    authorize(actor, 'review.start', { partnershipId: plan.partnershipId, planStatus: plan.status }, 'Plan');

    const [rules, schoolRows] = await Promise.all([rulesOf(tx, plan.partnershipId), partnerSchools(tx, plan.partnershipId)]);
    if (!schoolRows.length) throw new AppError('conflict', 'This partnership has no partner schools yet, so nobody could sign a review.');
    const roles = rules.signatures[fields.kind];

    const content = await planContentOf(tx, plan);
    const hash = contentHash(content);
    const [snapshot] = await tx
      .insert(planSnapshots)
      .values({ partnershipId: plan.partnershipId, planId: plan.id, content: content as unknown as { [key: string]: AuditValue }, hash, takenById: actor.id })
      .returning();
    const [{ last }] = await tx.select({ last: max(reviews.position) }).from(reviews).where(eq(reviews.planId, plan.id));
    const [review] = await tx
      .insert(reviews)
      .values({
        planId: plan.id,
        position: (last ?? 0) + 1,
        kind: fields.kind,
        status: 'open',
        heldOn: fields.heldOn,
        attendees: fields.attendees || null,
        minutes: fields.minutes ? sanitizeRichText(fields.minutes) : '',
        snapshotId: snapshot.id,
        createdById: actor.id,
      })
      .returning();
    const lines = schoolRows.flatMap((school) => roles.map((role) => ({ school, role })));
    await tx.insert(reviewSignatureLines).values(
      lines.map(({ school, role }, i) => ({
        reviewId: review.id,
        position: i + 1,
        role,
        schoolId: school.id,
        roleLabel: roleLabels[role],
        schoolName: school.name,
      })),
    );

    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'review',
      entityId: review.id,
      verb: 'review.start',
      data: {
        kind: fields.kind,
        heldOn: fields.heldOn,
        snapshotId: snapshot.id,
        snapshotHash: hash,
        lines: lines.map(({ school, role }) => `${roleLabels[role]}, ${school.name}`),
      },
    });

    const what = `${reviewKindLabel[fields.kind]} of ${plan.title} (${formatDate(fields.heldOn)})`;
    for (const { school, role } of lines) {
      const people = await holdersOf(tx, plan.partnershipId, [role], school.id);
      await notify(
        ctx,
        people.map((userId) => ({
          userId,
          partnershipId: plan.partnershipId,
          kind: 'signature_needed' as const,
          title: `Your signature is needed: ${what}`,
          body: `The ${reviewKindLabel[fields.kind].toLowerCase()} needs the signature of the ${roleLabels[role].toLowerCase()} of ${school.name}. You sign the plan as it was frozen when the review started (SHA-256 ${hash.slice(0, 12)}…).`,
          href: `/reviews/${review.id}`,
          subjectId: review.id,
          schoolId: school.id,
        })),
      );
    }
    return getReviewView(tx, actor, review.id);
  });
}
