import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import {
  type Recommendation,
  boardDecisions,
  partnerships,
  planSnapshots,
  plans,
  recommendations,
  reviewSignatureLines,
  reviewSignatures,
  reviews,
  schools,
  signatureWithdrawals,
  users,
} from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { approvalRuleLabels, recommendationTypeLabels } from '@/lib/governance/rules';
import { notFound } from '@/lib/errors';
import { can } from '@/lib/policies';
import type {
  BoardDecisionView,
  GivenSignatureView,
  PlanStandingView,
  RecommendationView,
  ReviewDetailView,
  SignatureLineView,
} from '@/lib/presenters/governance';
import { academicYearLabel, formatDate } from '@/lib/presenters/plan';
import { reviewKindLabel } from '@/components/plan/labels';

const uuid = z.string().uuid();

/**
 * A review with its snapshot, signature lines, recommendations and board decisions, and what the
 * person viewing may do. Another partnership's review and an unknown id are the same 404.
 */
export async function getReviewView(db: Executor, actor: Actor, reviewId: string): Promise<ReviewDetailView> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(reviewId).success) throw notFound('Review');
  const [row] = await db
    .select({ review: reviews, plan: plans, partnership: { id: partnerships.id, name: partnerships.name }, createdBy: users.name })
    .from(reviews)
    .innerJoin(plans, eq(plans.id, reviews.planId))
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .leftJoin(users, eq(users.id, reviews.createdById))
    .where(and(eq(reviews.id, reviewId), inArray(plans.partnershipId, ids)));
  if (!row) throw notFound('Review');
  const { review, plan, partnership } = row;

  const [snapshotRows, lineRows, signatureRows, recommendationRows] = await Promise.all([
    review.snapshotId
      ? db
          .select({ id: planSnapshots.id, hash: planSnapshots.hash, takenAt: planSnapshots.takenAt, takenBy: users.name })
          .from(planSnapshots)
          .leftJoin(users, eq(users.id, planSnapshots.takenById))
          .where(eq(planSnapshots.id, review.snapshotId))
      : Promise.resolve([]),
    db.select().from(reviewSignatureLines).where(eq(reviewSignatureLines.reviewId, review.id)).orderBy(asc(reviewSignatureLines.position)),
    db
      .select({ signature: reviewSignatures, withdrawal: signatureWithdrawals })
      .from(reviewSignatures)
      .leftJoin(signatureWithdrawals, eq(signatureWithdrawals.signatureId, reviewSignatures.id))
      .where(eq(reviewSignatures.reviewId, review.id))
      .orderBy(asc(reviewSignatures.position), asc(reviewSignatures.createdAt)),
    db.select().from(recommendations).where(eq(recommendations.reviewId, review.id)).orderBy(asc(recommendations.position)),
  ]);

  const given = (s: (typeof signatureRows)[number]): GivenSignatureView => ({
    id: s.signature.id,
    userId: s.signature.userId,
    name: s.signature.signerName,
    signedAt: (s.signature.signedAt ?? s.signature.createdAt).toISOString(),
    snapshotHash: s.signature.snapshotHash ?? '',
    withdrawal: s.withdrawal ? { withdrawnAt: s.withdrawal.withdrawnAt.toISOString(), reason: s.withdrawal.reason } : null,
  });
  const lines: SignatureLineView[] = lineRows.map((line) => {
    const onLine = signatureRows.filter((s) => s.signature.lineId === line.id);
    const standing = onLine.find((s) => !s.withdrawal);
    const open = review.status !== 'historical' && Boolean(review.snapshotId);
    return {
      id: line.id,
      position: line.position,
      role: line.role,
      roleLabel: line.roleLabel,
      schoolId: line.schoolId,
      schoolName: line.schoolName,
      signature: standing ? given(standing) : null,
      withdrawn: onLine.filter((s) => s.withdrawal).map(given),
      canSign: open && !standing && can(actor, 'review.sign', { partnershipId: plan.partnershipId, role: line.role, schoolId: line.schoolId }),
      canWithdraw: open && Boolean(standing) && standing?.signature.userId === actor.id,
    };
  });
  const imported = signatureRows
    .filter((s) => s.signature.imported)
    .map(({ signature: s }) => ({
      id: s.id,
      name: s.signerName,
      roleLabel: s.roleLabel,
      schoolName: s.schoolName,
      imported: true,
      signedAt: s.signedAt?.toISOString() ?? null,
    }));
  const [snapshot] = snapshotRows;
  const reviewStatus = review.status;

  return {
    id: review.id,
    planId: plan.id,
    plan: { id: plan.id, title: plan.title, academicYearLabel: academicYearLabel(plan.academicYear), versionNumber: plan.versionNumber, status: plan.status },
    partnership,
    kind: review.kind,
    kindLabel: reviewKindLabel[review.kind],
    status: reviewStatus,
    heldOn: review.heldOn,
    heldOnLabel: review.heldOnLabel ?? (review.heldOn ? formatDate(review.heldOn) : null),
    attendees: review.attendees,
    minutes: review.minutes,
    statement: review.statement,
    version: review.version,
    snapshot: snapshot ? { id: snapshot.id, hash: snapshot.hash, takenAt: snapshot.takenAt.toISOString(), takenBy: snapshot.takenBy } : null,
    lines,
    importedSignatures: imported,
    recommendations: await recommendationViews(db, actor, recommendationRows),
    completedAt: review.completedAt?.toISOString() ?? null,
    createdAt: review.createdAt.toISOString(),
    createdBy: row.createdBy,
    permissions: {
      edit: can(actor, 'review.update', { partnershipId: plan.partnershipId, reviewStatus }),
      recommend: can(actor, 'recommendation.create', { partnershipId: plan.partnershipId, reviewKind: review.kind, reviewStatus }),
    },
  };
}

/** Recommendations with their boards' standing and every decision recorded, for this viewer. */
export async function recommendationViews(db: Executor, actor: Actor, rows: Recommendation[]): Promise<RecommendationView[]> {
  if (!rows.length) return [];
  const recIds = rows.map((r) => r.id);
  const schoolIds = [...new Set(rows.flatMap((r) => [...r.requiredSchoolIds, ...(r.subjectSchoolId ? [r.subjectSchoolId] : [])]))];
  const [decisionRows, schoolRows, reviewRows, snapshotRows] = await Promise.all([
    db
      .select({ decision: boardDecisions, schoolName: schools.name })
      .from(boardDecisions)
      .innerJoin(schools, eq(schools.id, boardDecisions.schoolId))
      .where(inArray(boardDecisions.recommendationId, recIds))
      .orderBy(asc(boardDecisions.createdAt)),
    schoolIds.length
      ? db.select({ id: schools.id, name: schools.name, shortCode: schools.shortCode }).from(schools).where(inArray(schools.id, schoolIds))
      : Promise.resolve([]),
    db
      .select({ id: reviews.id, heldOn: reviews.heldOn })
      .from(reviews)
      .where(inArray(reviews.id, [...new Set(rows.map((r) => r.reviewId))])),
    db
      .select({ id: planSnapshots.id, hash: planSnapshots.hash })
      .from(planSnapshots)
      .where(inArray(planSnapshots.id, rows.flatMap((r) => (r.snapshotId ? [r.snapshotId] : [])))),
  ]);
  const schoolById = new Map(schoolRows.map((s) => [s.id, s]));
  const heldOn = new Map(reviewRows.map((r) => [r.id, r.heldOn]));
  const hashOf = new Map(snapshotRows.map((s) => [s.id, s.hash]));
  return rows.map((r) => {
    const decisions: BoardDecisionView[] = decisionRows
      .filter((d) => d.decision.recommendationId === r.id)
      .map(({ decision: d, schoolName }) => ({
        id: d.id,
        schoolId: d.schoolId,
        schoolName,
        decision: d.decision,
        reason: d.reason,
        meetingDate: d.meetingDate,
        minuteReference: d.minuteReference,
        recordedBy: d.recordedByName,
        roleLabel: d.roleLabel,
        recordedAt: d.createdAt.toISOString(),
      }));
    const subject = r.subjectSchoolId ? schoolById.get(r.subjectSchoolId) : undefined;
    return {
      id: r.id,
      reviewId: r.reviewId,
      planId: r.planId,
      type: r.type,
      typeLabel: recommendationTypeLabels[r.type],
      text: r.text,
      subjectSchool: subject ? { id: subject.id, name: subject.name } : null,
      rule: r.rule,
      ruleLabel: approvalRuleLabels[r.rule],
      status: r.status,
      recommendedOn: heldOn.get(r.reviewId) ?? r.createdAt.toISOString().slice(0, 10),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      rejectionReason: r.rejectionReason,
      snapshotHash: r.snapshotId ? (hashOf.get(r.snapshotId) ?? null) : null,
      createdBy: r.createdByName,
      decisions,
      boards: r.requiredSchoolIds.map((schoolId) => {
        const latest = decisions.filter((d) => d.schoolId === schoolId).at(-1) ?? null;
        const school = schoolById.get(schoolId);
        return {
          schoolId,
          schoolName: school?.name ?? 'A former partner school',
          shortCode: school?.shortCode ?? '',
          decision: latest?.decision ?? 'pending',
          latest,
          canRecord:
            r.status === 'pending' &&
            (latest === null || latest.decision === 'deferred') &&
            can(actor, 'board.decide', { partnershipId: r.partnershipId, schoolId, rule: r.rule }),
        };
      }),
    };
  });
}

/**
 * Where a plan version stands: its newest recommendation to adopt or amend it, and the line under
 * its title ("recommended by the JCC on 14 Nov 2017 · authorised by 1 of 2 boards (…)").
 */
export async function planStanding(db: Executor, actor: Actor, planId: string): Promise<PlanStandingView> {
  const rows = await db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.planId, planId), inArray(recommendations.type, ['adopt_plan', 'amend_plan'])))
    .orderBy(desc(recommendations.createdAt))
    .limit(1);
  if (!rows.length) return { recommendation: null, summary: null };
  const [recommendation] = await recommendationViews(db, actor, rows);
  return { recommendation, summary: standingSummary(recommendation) };
}

/** The plan's standing in words. */
export function standingSummary(r: RecommendationView): string {
  const recommended = `recommended by the JCC on ${formatDate(r.recommendedOn)}`;
  const approved = r.boards.filter((b) => b.decision === 'approved').length;
  const boards = r.boards
    .map((b) => `${b.schoolName} ${b.decision === 'approved' ? '✓' : b.decision === 'rejected' ? '✗' : b.decision === 'deferred' ? 'deferred' : 'pending'}`)
    .join(', ');
  if (r.status === 'rejected') {
    const rejecting = r.boards.find((b) => b.decision === 'rejected');
    const reason = r.rejectionReason ? `: “${r.rejectionReason}”` : '';
    // No board rejected it: it lapsed (a signature behind it was withdrawn).
    return rejecting ? `${recommended} · rejected by ${rejecting.schoolName}’s board${reason}` : `${recommended} · lapsed${reason}`;
  }
  const authorised = `authorised by ${approved} of ${r.boards.length} board${r.boards.length === 1 ? '' : 's'} (${boards})`;
  if (r.status === 'authorised') return `${recommended} · ${authorised} · ratified on ${formatDate((r.resolvedAt ?? '').slice(0, 10) || r.recommendedOn)}`;
  return `${recommended} · ${authorised}`;
}

/** One recommendation with its boards' standing; another partnership's is 404. */
export async function getRecommendationView(db: Executor, actor: Actor, id: string): Promise<RecommendationView> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(id).success) throw notFound('Recommendation');
  const rows = await db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.id, id), inArray(recommendations.partnershipId, ids)));
  if (!rows.length) throw notFound('Recommendation');
  const [view] = await recommendationViews(db, actor, rows);
  return view;
}
