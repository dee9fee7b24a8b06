import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type ReviewSignatureLine, planSnapshots, plans, reviewSignatureLines, reviewSignatures, reviews, signatureWithdrawals, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { membershipOf, partnershipIdsOf } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { isSignInRateLimited, markSignInSucceeded, recordSignInAttempt } from '@/lib/auth/rate-limit';
import { AppError, fieldErrors, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { notify, resolveNotifications } from '@/lib/notifications/notify';
import { can } from '@/lib/policies';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { getReviewView } from '@/lib/queries/reviews';
import { signReviewInput } from '@/lib/validation/governance';
import { reviewKindLabel } from '@/components/plan/labels';
import { documentName } from '@/lib/collab/names';
import { withDocumentSettled } from '@/lib/realtime/bus';
import { holdersOf, loadReview, refuse } from './governance-support';
import { runCommand } from './support';

/** How recently an account without a password must have signed in (through SSO) to sign. */
export const SSO_REAUTH_WINDOW_MS = 10 * 60_000;

const uuid = z.string().uuid();

/**
 * Signs one line of a review, as the person holding that role at that school, after they prove who
 * they are again: their password, or (an SSO-only account) a sign-in within the last ten minutes.
 * The signature records the snapshot's hash, the time, IP and user agent, and is final. When the
 * last line is signed the review is complete.
 */
export async function signReview(
  db: Db,
  actor: Actor,
  reviewId: string,
  input: unknown,
  options: { authenticatedAt?: number; now?: number } = {},
): Promise<ReviewDetailView> {
  const { lineId, password } = parseInput(signReviewInput, input);
  const { line, partnershipId, planId } = await findLine(db, actor, reviewId, lineId);
  if (!can(actor, 'review.sign', { partnershipId, role: line.role, schoolId: line.schoolId })) {
    await refuse(
      db,
      actor,
      {
        partnershipId,
        planId,
        entityType: 'review',
        entityId: reviewId,
        verb: 'review.signature_refused',
        data: { lineId: line.id, line: `${line.roleLabel}, ${line.schoolName}`, attempted: 'sign' },
      },
      `Only the ${line.roleLabel.toLowerCase()} of ${line.schoolName} can sign this line.`,
    );
  }
  await proveIdentity(db, actor, password, options);

  // The last signature completes the review and closes its minutes: whatever was typed into them
  // live and not yet copied back is saved first (every signature, since which one is last is only
  // known inside the transaction), and changes to them wait until it commits.
  return withDocumentSettled(documentName('review', reviewId, 'minutes'), () => runSignature(db, actor, reviewId, line));
}

async function runSignature(db: Db, actor: Actor, reviewId: string, line: ReviewSignatureLine): Promise<ReviewDetailView> {
  return runCommand(db, actor, async (ctx) => {
    const { tx, audit } = ctx;
    const { plan, review } = await loadReview(tx, actor, reviewId);
    if (review.status === 'historical') throw new AppError('conflict', 'This review was signed on paper and imported: it cannot be signed again.');
    if (!review.snapshotId) throw new AppError('conflict', 'This review has no snapshot to sign.');
    const [{ hash }] = await tx.select({ hash: planSnapshots.hash }).from(planSnapshots).where(eq(planSnapshots.id, review.snapshotId));
    const [standing] = await tx
      .select({ name: reviewSignatures.signerName, signedAt: reviewSignatures.signedAt })
      .from(reviewSignatures)
      .leftJoin(signatureWithdrawals, eq(signatureWithdrawals.signatureId, reviewSignatures.id))
      .where(and(eq(reviewSignatures.lineId, line.id), isNull(signatureWithdrawals.id)));
    if (standing) {
      throw new AppError('conflict', `This line is already signed by ${standing.name}. A signature is final; it can only be withdrawn by its signer.`);
    }
    const signedAt = new Date();
    const [signature] = await tx
      .insert(reviewSignatures)
      .values({
        reviewId: review.id,
        position: line.position,
        lineId: line.id,
        role: line.role,
        schoolId: line.schoolId,
        signerName: actor.name,
        roleLabel: line.roleLabel,
        schoolName: line.schoolName,
        imported: false,
        userId: actor.id,
        signedAt,
        snapshotHash: hash,
        ip: actor.ip,
        userAgent: actor.userAgent,
      })
      .returning();
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'review',
      entityId: review.id,
      verb: 'review.sign',
      data: { signatureId: signature.id, lineId: line.id, line: `${line.roleLabel}, ${line.schoolName}`, snapshotHash: hash, signedAt: signedAt.toISOString() },
    });
    // Everyone who could have signed this line (a school may have two chairs on record) is done.
    const couldSign = await holdersOf(tx, plan.partnershipId, [line.role], line.schoolId);
    await resolveNotifications(tx, { subjectId: review.id, kind: 'signature_needed', schoolId: line.schoolId, userIds: [...couldSign, actor.id] });

    const [lines, standingSignatures] = await Promise.all([
      tx.select({ id: reviewSignatureLines.id }).from(reviewSignatureLines).where(eq(reviewSignatureLines.reviewId, review.id)),
      tx
        .select({ lineId: reviewSignatures.lineId, userId: reviewSignatures.userId })
        .from(reviewSignatures)
        .leftJoin(signatureWithdrawals, eq(signatureWithdrawals.signatureId, reviewSignatures.id))
        .where(and(eq(reviewSignatures.reviewId, review.id), isNull(signatureWithdrawals.id))),
    ]);
    const signedLines = new Set(standingSignatures.map((s) => s.lineId));
    const unsigned = lines.filter((l) => !signedLines.has(l.id));
    if (!unsigned.length && review.status === 'open') {
      await tx.update(reviews).set({ status: 'complete', completedAt: signedAt }).where(eq(reviews.id, review.id));
      await audit({
        partnershipId: plan.partnershipId,
        planId: plan.id,
        entityType: 'review',
        entityId: review.id,
        verb: 'review.complete',
        changes: [{ field: 'status', before: 'open', after: 'complete' }],
        data: { snapshotHash: hash },
      });
      const recipients = new Set([...standingSignatures.map((s) => s.userId), review.createdById].filter((id): id is string => Boolean(id)));
      await notify(
        ctx,
        [...recipients].map((userId) => ({
          userId,
          partnershipId: plan.partnershipId,
          kind: 'review_completed' as const,
          title: `Review complete: ${reviewKindLabel[review.kind]} of ${plan.title}`,
          body: 'Every required signature has been given. The signed snapshot and the board pack are ready.',
          href: `/reviews/${review.id}`,
          subjectId: review.id,
        })),
      );
    }
    return getReviewView(tx, actor, reviewId);
  });
}

/** The line to sign, in a review the actor's partnerships hold; otherwise 404. */
async function findLine(db: Db, actor: Actor, reviewId: string, lineId: string) {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(reviewId).success) throw notFound('Review');
  const [row] = await db
    .select({ line: reviewSignatureLines, partnershipId: plans.partnershipId, planId: plans.id })
    .from(reviews)
    .innerJoin(plans, eq(plans.id, reviews.planId))
    .leftJoin(reviewSignatureLines, and(eq(reviewSignatureLines.reviewId, reviews.id), eq(reviewSignatureLines.id, lineId)))
    .where(eq(reviews.id, reviewId));
  if (!row || !membershipOf(actor, row.partnershipId)) throw notFound('Review');
  if (!row.line) throw notFound('Signature line');
  return { line: row.line, partnershipId: row.partnershipId, planId: row.planId };
}

/**
 * The signer proves who they are again. With a password: it is checked (rate-limited like sign-in).
 * Without one (SSO only): the session must come from a sign-in in the last ten minutes.
 */
async function proveIdentity(db: Db, actor: Actor, password: string | undefined, options: { authenticatedAt?: number; now?: number }) {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!user?.passwordHash) {
    const now = options.now ?? Date.now();
    if (!options.authenticatedAt || now - options.authenticatedAt > SSO_REAUTH_WINDOW_MS) {
      throw new AppError('reauthentication_required', 'Sign in again to confirm it is you, then sign within ten minutes.');
    }
    return;
  }
  if (!password) throw fieldErrors({ password: 'Enter your password to sign.' });
  const ip = actor.ip ?? 'unknown';
  if (await isSignInRateLimited(db, actor.email, ip)) {
    throw new AppError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.');
  }
  const attempt = await recordSignInAttempt(db, actor.email, ip);
  if (!(await verifyPassword(password, user.passwordHash))) throw fieldErrors({ password: 'That password is not right.' }, 'That password is not right.');
  await markSignInSucceeded(db, attempt);
}
