import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import {
  auditEvents,
  boardDecisions,
  notifications,
  partnerships,
  planSnapshots,
  plans,
  type Role,
  recommendations,
  reviewSignatures,
  reviews,
  signatureWithdrawals,
} from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { verifyChain } from '@/lib/audit/verify';
import { amendPlan } from '@/lib/commands/amend-plan';
import { createAction } from '@/lib/commands/create-action';
import { createObjective } from '@/lib/commands/create-objective';
import { createRecommendation } from '@/lib/commands/create-recommendation';
import { createStrand } from '@/lib/commands/create-strand';
import { publishPlan, unpublishPlan } from '@/lib/commands/publish-plan';
import { recordBoardDecision } from '@/lib/commands/record-board-decision';
import { signReview } from '@/lib/commands/sign-review';
import { startReview } from '@/lib/commands/start-review';
import { updateAction } from '@/lib/commands/update-action';
import { updateReview } from '@/lib/commands/update-review';
import { withdrawSignature } from '@/lib/commands/withdraw-signature';
import { type PlanContent, contentHash, planContentById } from '@/lib/governance/content';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { getPlanGovernance } from '@/lib/queries/governance';
import { getReviewView } from '@/lib/queries/reviews';
import { TEST_PASSWORD, createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
let db: Db;
let partnershipId: string;
let BR: { id: string; name: string };
let WL: { id: string; name: string };
const p: Record<string, Actor> = {};

beforeAll(async () => {
  db = testDb().db;
  const { partnership, schools } = await createPartnership(db, {
    schools: [
      { name: 'Bank Road Infant School', shortCode: 'BR' },
      { name: 'William Lilley Infant School', shortCode: 'WL' },
    ],
  });
  partnershipId = partnership.id;
  [BR, WL] = schools;
  const make = async (key: string, role: Role, schoolId: string | null) => {
    p[key] = (await createUser(db, [{ partnershipId, role, schoolId }], { name: key })).actor;
  };
  await make('headBR', 'head_teacher', BR.id);
  await make('headWL', 'head_teacher', WL.id);
  await make('chairBR', 'chair_of_governors', BR.id);
  await make('chairWL', 'chair_of_governors', WL.id);
  await make('clerkWL', 'clerk', WL.id);
  await make('governorBR', 'governor', BR.id);
  await make('jcc', 'jcc_member', null);
  await make('staff', 'staff', BR.id);
  const { partnership: other } = await createPartnership(db, { schools: [{ shortCode: 'XX' }] });
  p.foreignHead = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher', schoolId: null }], { name: 'foreignHead' })).actor;
});

async function freshPlan() {
  const [plan] = await db.insert(plans).values({ partnershipId, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2026 }).returning();
  await db.update(plans).set({ lineageId: plan.id }).where(eq(plans.id, plan.id));
  const o1 = await createObjective(db, p.headBR, plan.id, { text: 'Raise standards together.' });
  const strand = await createStrand(db, p.headBR, plan.id, { title: 'Moderation', objectiveIds: [o1.id] });
  const action = await createAction(db, p.headBR, strand.id, { text: 'Moderate writing across both schools', schoolIds: [BR.id, WL.id] });
  return { plan, strand, action };
}

const password = TEST_PASSWORD;
/** The database's own refusal (migration 0006), whatever the application does. */
const refusedByDatabase = { cause: { message: expect.stringMatching(/is append-only/) } };
const lineOf = (review: ReviewDetailView, role: string, schoolId: string) => {
  const line = review.lines.find((l) => l.role === role && l.schoolId === schoolId);
  if (!line) throw new Error(`no ${role} line for ${schoolId}`);
  return line;
};

/** A JCC review signed by every head and chair. */
async function signedJccReview(planId: string) {
  let review = await startReview(db, p.headBR, planId, { kind: 'jcc', heldOn: '2026-11-14', attendees: 'Heads and chairs of both schools' });
  for (const [who, role, school] of [
    ['headBR', 'head_teacher', BR],
    ['headWL', 'head_teacher', WL],
    ['chairBR', 'chair_of_governors', BR],
    ['chairWL', 'chair_of_governors', WL],
  ] as const) {
    review = await signReview(db, p[who], review.id, { lineId: lineOf(review, role, school.id).id, password });
  }
  return review;
}

async function eventsOf(entityId: string, verb: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.verb, verb)));
}

describe('starting a review', () => {
  it('freezes a snapshot with its SHA-256 and sets out the lines the review kind needs', async () => {
    const { plan } = await freshPlan();
    const jcc = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    expect(jcc.status).toBe('open');
    expect(jcc.lines.map((l) => `${l.role}@${l.schoolName}`).sort()).toEqual(
      [`chair_of_governors@${BR.name}`, `chair_of_governors@${WL.name}`, `head_teacher@${BR.name}`, `head_teacher@${WL.name}`].sort(),
    );
    const [snapshot] = await db.select().from(planSnapshots).where(eq(planSnapshots.id, jcc.snapshot?.id ?? ''));
    expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(snapshot.content as unknown as PlanContent)).toBe(snapshot.hash);

    const heads = await startReview(db, p.jcc, plan.id, { kind: 'head_teachers', heldOn: '2026-11-20' });
    expect(heads.lines.map((l) => l.role)).toEqual(['head_teacher', 'head_teacher']);
    expect(await eventsOf(jcc.id, 'review.start')).toHaveLength(1);
  });

  it('tells each person whose signature is needed', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const items = await db.select().from(notifications).where(eq(notifications.subjectId, review.id));
    expect(items.map((n) => n.userId).sort()).toEqual([p.headBR.id, p.headWL.id, p.chairBR.id, p.chairWL.id].sort());
    expect(items.every((n) => n.kind === 'signature_needed' && n.href === `/reviews/${review.id}`)).toBe(true);
  });

  it('follows the partnership’s own signature rules', async () => {
    const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'AA' }, { shortCode: 'BB' }] });
    await db.update(partnerships).set({ governance: { signatures: { head_teachers: ['head_teacher', 'chair_of_governors'] } } }).where(eq(partnerships.id, partnership.id));
    const head = (await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: schools[0].id }])).actor;
    const [plan] = await db.insert(plans).values({ partnershipId: partnership.id, lineageId: crypto.randomUUID(), title: 'Plan', academicYear: 2026 }).returning();
    const review = await startReview(db, head, plan.id, { kind: 'head_teachers', heldOn: '2026-11-14' });
    expect(review.lines).toHaveLength(4);
  });

  it('is refused to people who do not start reviews, outside the partnership, and with bad input', async () => {
    const { plan } = await freshPlan();
    await expect(startReview(db, p.staff, plan.id, { kind: 'jcc', heldOn: '2026-11-14' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(startReview(db, p.foreignHead, plan.id, { kind: 'jcc', heldOn: '2026-11-14' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-02-30' })).rejects.toMatchObject({ details: { fields: { heldOn: expect.any(String) } } });
    await expect(startReview(db, p.headBR, plan.id, { kind: 'board', heldOn: '2026-11-14' })).rejects.toMatchObject({ details: { fields: { kind: expect.any(String) } } });
    expect(await db.select().from(reviews).where(eq(reviews.planId, plan.id))).toHaveLength(0);
  });
});

describe('the snapshot', () => {
  it('is unchanged by later edits to the plan, and the database refuses to change it', async () => {
    const { plan, action } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const [before] = await db.select().from(planSnapshots).where(eq(planSnapshots.id, review.snapshot?.id ?? ''));
    await updateAction(db, p.headBR, action.id, { version: action.version, text: 'Moderate writing and maths' });
    const [after] = await db.select().from(planSnapshots).where(eq(planSnapshots.id, before.id));
    expect(after.hash).toBe(before.hash);
    expect(after.content).toEqual(before.content);
    expect(JSON.stringify(after.content)).toContain('Moderate writing across both schools');
    expect(contentHash(await planContentById(db, plan.id))).not.toBe(before.hash);
    await expect(db.execute(sql`update plan_snapshots set hash = 'x' where id = ${before.id}`)).rejects.toMatchObject(refusedByDatabase);
    await expect(db.execute(sql`delete from plan_snapshots where id = ${before.id}`)).rejects.toMatchObject(refusedByDatabase);
  });
});

describe('signing', () => {
  it('records the signer, the snapshot hash, time, IP and user agent, and completes the review on the last line', async () => {
    const { plan } = await freshPlan();
    const review = await signedJccReview(plan.id);
    expect(review.status).toBe('complete');
    expect(review.completedAt).not.toBeNull();
    const rows = await db.select().from(reviewSignatures).where(eq(reviewSignatures.reviewId, review.id));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.snapshotHash).toBe(review.snapshot?.hash);
      expect(row.ip).toBe('203.0.113.7');
      expect(row.userAgent).toBe('vitest');
      expect(row.signedAt).toBeInstanceOf(Date);
    }
    expect(await eventsOf(review.id, 'review.complete')).toHaveLength(1);
    const open = await db.select().from(notifications).where(and(eq(notifications.subjectId, review.id), eq(notifications.kind, 'signature_needed')));
    expect(open.every((n) => n.resolvedAt !== null)).toBe(true);
    const done = await db.select().from(notifications).where(and(eq(notifications.subjectId, review.id), eq(notifications.kind, 'review_completed')));
    expect(done.map((n) => n.userId)).toContain(p.chairWL.id);
  });

  it('refuses a head signing for another school, and audits the attempt', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const wlLine = lineOf(review, 'head_teacher', WL.id);
    await expect(signReview(db, p.headBR, review.id, { lineId: wlLine.id, password })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await db.select().from(reviewSignatures).where(eq(reviewSignatures.reviewId, review.id))).toHaveLength(0);
    const refused = await eventsOf(review.id, 'review.signature_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0].actorUserId).toBe(p.headBR.id);
    expect(refused[0].data).toMatchObject({ lineId: wlLine.id, attempted: 'sign' });
  });

  it('refuses a governor who is not the chair, a wrong password, a second signature on a line, and anyone outside', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const chairLine = lineOf(review, 'chair_of_governors', BR.id);
    await expect(signReview(db, p.governorBR, review.id, { lineId: chairLine.id, password })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(signReview(db, p.chairBR, review.id, { lineId: chairLine.id, password: 'not my password' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { password: 'That password is not right.' } },
    });
    await expect(signReview(db, p.chairBR, review.id, { lineId: chairLine.id })).rejects.toMatchObject({ details: { fields: { password: expect.any(String) } } });
    expect(await db.select().from(reviewSignatures).where(eq(reviewSignatures.reviewId, review.id))).toHaveLength(0);
    await signReview(db, p.chairBR, review.id, { lineId: chairLine.id, password });
    await expect(signReview(db, p.chairBR, review.id, { lineId: chairLine.id, password })).rejects.toMatchObject({ code: 'conflict' });
    expect(await db.select().from(reviewSignatures).where(eq(reviewSignatures.reviewId, review.id))).toHaveLength(1);
    await expect(signReview(db, p.foreignHead, review.id, { lineId: chairLine.id, password })).rejects.toMatchObject({ code: 'not_found' });
    await expect(signReview(db, p.chairBR, review.id, { lineId: crypto.randomUUID(), password })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('asks an account without a password to have signed in within ten minutes', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'head_teachers', heldOn: '2026-11-14' });
    const sso = (await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: WL.id }], { name: 'SSO head' })).actor;
    await db.execute(sql`update users set password_hash = null where id = ${sso.id}`);
    const line = lineOf(review, 'head_teacher', WL.id);
    const now = Date.now();
    await expect(signReview(db, sso, review.id, { lineId: line.id }, { authenticatedAt: now - 11 * 60_000, now })).rejects.toMatchObject({ code: 'reauthentication_required' });
    const signed = await signReview(db, sso, review.id, { lineId: line.id }, { authenticatedAt: now - 60_000, now });
    expect(lineOf(signed, 'head_teacher', WL.id).signature?.name).toBe('SSO head');
  });

  it('is final: the database refuses to change or delete a signature, and later plan edits leave it on its snapshot', async () => {
    const { plan, action } = await freshPlan();
    const review = await signedJccReview(plan.id);
    const [row] = await db.select().from(reviewSignatures).where(eq(reviewSignatures.reviewId, review.id)).limit(1);
    await expect(db.execute(sql`update review_signatures set signed_at = now() - interval '1 day' where id = ${row.id}`)).rejects.toMatchObject(refusedByDatabase);
    await expect(db.execute(sql`delete from review_signatures where id = ${row.id}`)).rejects.toMatchObject(refusedByDatabase);
    await updateAction(db, p.headBR, action.id, { version: action.version, text: 'Changed after signing' });
    const again = await getReviewView(db, p.headBR, review.id);
    expect(again.status).toBe('complete');
    expect(again.lines.every((l) => l.signature?.snapshotHash === review.snapshot?.hash)).toBe(true);
  });
});

describe('withdrawing a signature', () => {
  it('adds a dated withdrawal, reopens the review, and the line can be signed again', async () => {
    const { plan } = await freshPlan();
    const review = await signedJccReview(plan.id);
    const line = lineOf(review, 'chair_of_governors', WL.id);
    await expect(withdrawSignature(db, p.chairWL, review.id, { signatureId: line.signature?.id, reason: '  ' })).rejects.toMatchObject({ details: { fields: { reason: expect.any(String) } } });
    await expect(withdrawSignature(db, p.headWL, review.id, { signatureId: line.signature?.id, reason: 'Not mine' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await eventsOf(review.id, 'review.signature_refused')).toHaveLength(1);

    const reopened = await withdrawSignature(db, p.chairWL, review.id, { signatureId: line.signature?.id, reason: 'The board has not seen the final version.' });
    expect(reopened.status).toBe('open');
    const after = lineOf(reopened, 'chair_of_governors', WL.id);
    expect(after.signature).toBeNull();
    expect(after.withdrawn).toHaveLength(1);
    expect(after.withdrawn[0].withdrawal?.reason).toBe('The board has not seen the final version.');
    const [kept] = await db.select().from(reviewSignatures).where(eq(reviewSignatures.id, line.signature?.id ?? ''));
    expect(kept.signedAt?.toISOString()).toBe(line.signature?.signedAt);
    await expect(withdrawSignature(db, p.chairWL, review.id, { signatureId: line.signature?.id, reason: 'Again' })).rejects.toMatchObject({ code: 'conflict' });
    const [w] = await db.select().from(signatureWithdrawals).where(eq(signatureWithdrawals.signatureId, line.signature?.id ?? ''));
    await expect(db.execute(sql`delete from signature_withdrawals where id = ${w.id}`)).rejects.toMatchObject(refusedByDatabase);

    const resigned = await signReview(db, p.chairWL, review.id, { lineId: line.id, password });
    expect(resigned.status).toBe('complete');
  });
});

describe('the review record', () => {
  it('is edited with a version while open, and not once complete', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'head_teachers', heldOn: '2026-11-14' });
    const edited = await updateReview(db, p.chairBR, review.id, { version: review.version, attendees: 'Both heads', minutes: '<p>Agreed <script>x</script>moderation dates.</p>' });
    expect(edited.attendees).toBe('Both heads');
    expect(edited.minutes).not.toContain('script');
    await expect(updateReview(db, p.headBR, review.id, { version: review.version, attendees: 'Stale' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateReview(db, p.staff, review.id, { version: edited.version, attendees: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    const complete = await signedHeads(review.id);
    await expect(updateReview(db, p.headBR, review.id, { version: complete.version, attendees: 'Late' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

async function signedHeads(reviewId: string) {
  let review = await getReviewView(db, p.headBR, reviewId);
  review = await signReview(db, p.headBR, reviewId, { lineId: lineOf(review, 'head_teacher', BR.id).id, password });
  return signReview(db, p.headWL, reviewId, { lineId: lineOf(review, 'head_teacher', WL.id).id, password });
}

describe('recommendations and board decisions', () => {
  it('runs the whole cycle: recommend adoption, each board approves for itself, the plan is ratified and read-only', async () => {
    const { plan, action } = await freshPlan();
    const review = await signedJccReview(plan.id);
    await expect(createRecommendation(db, p.staff, review.id, { type: 'adopt_plan' })).rejects.toMatchObject({ code: 'forbidden' });
    const rec = await createRecommendation(db, p.chairBR, review.id, { type: 'adopt_plan' });
    expect(rec.rule).toBe('all_boards');
    expect(rec.boards.map((b) => b.decision)).toEqual(['pending', 'pending']);
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('awaiting_approval');
    await expect(updateAction(db, p.headBR, action.id, { version: action.version, text: 'Sneaky edit' })).rejects.toMatchObject({ code: 'forbidden' });

    // Neither a governor who is not the chair, nor one school's chair for the other board.
    const decision = { decision: 'approved', meetingDate: '2026-11-20', minuteReference: 'FGB 24/11' };
    await expect(recordBoardDecision(db, p.governorBR, rec.id, { ...decision, schoolId: BR.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordBoardDecision(db, p.chairBR, rec.id, { ...decision, schoolId: WL.id })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await eventsOf(rec.id, 'board.decision_refused')).toHaveLength(2);
    expect(await db.select().from(boardDecisions).where(eq(boardDecisions.recommendationId, rec.id))).toHaveLength(0);

    const one = await recordBoardDecision(db, p.chairBR, rec.id, { ...decision, schoolId: BR.id });
    expect(one.boards.find((b) => b.schoolId === BR.id)?.decision).toBe('approved');
    const standing = await getPlanGovernance(db, p.staff, (await db.select().from(plans).where(eq(plans.id, plan.id)))[0]);
    expect(standing.standing.summary).toBe(`recommended by the JCC on 14 Nov 2026 · authorised by 1 of 2 boards (${BR.name} ✓, ${WL.name} pending)`);
    await expect(recordBoardDecision(db, p.chairBR, rec.id, { ...decision, schoolId: BR.id })).rejects.toMatchObject({ code: 'conflict' });

    // The clerk records for William Lilley: a deferral first, then approval.
    await recordBoardDecision(db, p.clerkWL, rec.id, { schoolId: WL.id, decision: 'deferred', meetingDate: '2026-11-21' });
    const done = await recordBoardDecision(db, p.clerkWL, rec.id, { ...decision, schoolId: WL.id, meetingDate: '2026-12-01' });
    expect(done.status).toBe('authorised');
    const [ratified] = await db.select().from(plans).where(eq(plans.id, plan.id));
    expect(ratified.status).toBe('ratified');
    expect(ratified.ratifiedAt).toBeInstanceOf(Date);
    expect(await eventsOf(plan.id, 'plan.ratify')).toHaveLength(1);
    await expect(updateAction(db, p.headBR, action.id, { version: action.version, text: 'After ratification' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordBoardDecision(db, p.chairWL, rec.id, { ...decision, schoolId: WL.id })).rejects.toMatchObject({ code: 'conflict' });
    const [d] = await db.select().from(boardDecisions).where(eq(boardDecisions.recommendationId, rec.id)).limit(1);
    await expect(db.execute(sql`update board_decisions set decision = 'rejected' where id = ${d.id}`)).rejects.toMatchObject(refusedByDatabase);
    expect((await verifyChain(db, partnershipId)).ok).toBe(true);
  });

  it('a rejection needs a reason, returns the plan to draft and tells everyone why', async () => {
    const { plan } = await freshPlan();
    const review = await signedJccReview(plan.id);
    const rec = await createRecommendation(db, p.headWL, review.id, { type: 'adopt_plan' });
    await expect(recordBoardDecision(db, p.chairWL, rec.id, { schoolId: WL.id, decision: 'rejected', meetingDate: '2026-11-20' })).rejects.toMatchObject({
      details: { fields: { reason: expect.any(String) } },
    });
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('awaiting_approval');
    const rejected = await recordBoardDecision(db, p.chairWL, rec.id, { schoolId: WL.id, decision: 'rejected', reason: 'The maths strand needs costing.', meetingDate: '2026-11-20' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejectionReason).toBe('The maths strand needs costing.');
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('draft');
    const told = await db.select().from(notifications).where(and(eq(notifications.subjectId, rec.id), eq(notifications.kind, 'recommendation_rejected')));
    expect(told.map((n) => n.userId)).toEqual(expect.arrayContaining([p.headBR.id, p.headWL.id, p.chairBR.id]));
    expect(told[0].body).toContain('The maths strand needs costing.');
    const governance = await getPlanGovernance(db, p.staff, (await db.select().from(plans).where(eq(plans.id, plan.id)))[0]);
    expect(governance.standing.summary).toContain('The maths strand needs costing.');
    await expect(recordBoardDecision(db, p.chairBR, rec.id, { schoolId: BR.id, decision: 'approved', meetingDate: '2026-11-20' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses to recommend adoption before every signature, or of a plan changed since its snapshot', async () => {
    const { plan, action } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    await expect(createRecommendation(db, p.headBR, review.id, { type: 'adopt_plan' })).rejects.toMatchObject({ code: 'conflict' });
    await updateAction(db, p.headBR, action.id, { version: action.version, text: 'Edited during the meeting' });
    let signed = review;
    for (const [who, role, school] of [
      ['headBR', 'head_teacher', BR],
      ['headWL', 'head_teacher', WL],
      ['chairBR', 'chair_of_governors', BR],
      ['chairWL', 'chair_of_governors', WL],
    ] as const) {
      signed = await signReview(db, p[who], review.id, { lineId: lineOf(signed, role, school.id).id, password });
    }
    await expect(createRecommendation(db, p.headBR, review.id, { type: 'adopt_plan' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since/) });
    expect(await db.select().from(recommendations).where(eq(recommendations.reviewId, review.id))).toHaveLength(0);
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('draft');
  });

  it('follows each decision type’s approval rule', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const schedule = await createRecommendation(db, p.jcc, review.id, { type: 'meeting_schedule', text: 'Meet each half term.' });
    expect(schedule).toMatchObject({ rule: 'jcc', status: 'authorised', boards: [] });
    await expect(recordBoardDecision(db, p.chairBR, schedule.id, { schoolId: BR.id, decision: 'approved', meetingDate: '2026-11-20' })).rejects.toMatchObject({ code: 'validation_failed' });

    await expect(createRecommendation(db, p.jcc, review.id, { type: 'school_leaves' })).rejects.toMatchObject({ details: { fields: { subjectSchoolId: expect.any(String) } } });
    await expect(createRecommendation(db, p.jcc, review.id, { type: 'other' })).rejects.toMatchObject({ details: { fields: { text: expect.any(String) } } });
    const leaving = await createRecommendation(db, p.jcc, review.id, { type: 'school_leaves', subjectSchoolId: WL.id });
    expect(leaving.rule).toBe('school_board');
    expect(leaving.boards.map((b) => b.schoolId)).toEqual([WL.id]);
    await expect(recordBoardDecision(db, p.chairBR, leaving.id, { schoolId: BR.id, decision: 'approved', meetingDate: '2026-11-20' })).rejects.toMatchObject({ code: 'validation_failed' });
    const left = await recordBoardDecision(db, p.chairWL, leaving.id, { schoolId: WL.id, decision: 'approved', meetingDate: '2026-11-20' });
    expect(left.status).toBe('authorised');

    const heads = await startReview(db, p.headBR, plan.id, { kind: 'head_teachers', heldOn: '2026-11-15' });
    await expect(createRecommendation(db, p.headBR, heads.id, { type: 'other', text: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createRecommendation(db, p.foreignHead, review.id, { type: 'other', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('amending and publishing', () => {
  it('opens version 2 carrying everything over, once; publishes only ratified plans; unpublishing takes it down', async () => {
    const { plan, strand } = await freshPlan();
    await expect(amendPlan(db, p.headBR, plan.id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(publishPlan(db, p.headBR, plan.id)).rejects.toMatchObject({ code: 'conflict' });
    const review = await signedJccReview(plan.id);
    const rec = await createRecommendation(db, p.headBR, review.id, { type: 'adopt_plan' });
    for (const [who, school] of [['chairBR', BR], ['chairWL', WL]] as const) {
      await recordBoardDecision(db, p[who], rec.id, { schoolId: school.id, decision: 'approved', meetingDate: '2026-11-20' });
    }
    await expect(amendPlan(db, p.staff, plan.id)).rejects.toMatchObject({ code: 'forbidden' });
    const v2 = await amendPlan(db, p.headWL, plan.id);
    expect(v2).toMatchObject({ versionNumber: 2, version: 1, status: 'draft' });
    const [row] = await db.select().from(plans).where(eq(plans.id, v2.id));
    expect(row).toMatchObject({ lineageId: plan.id, parentPlanId: plan.id });
    expect(row.note).toMatch(/^Amended and updated following review/);
    const [before, after] = [await planContentById(db, plan.id), await planContentById(db, v2.id)];
    const keys = (c: PlanContent) => c.strands.map((s) => ({ key: s.key, actions: s.actions.map((a) => [a.key, a.text]), objectives: s.objectiveNumbers }));
    expect(keys(after)).toEqual(keys(before));
    expect(after.strands[0].key).toBe(strand.id);
    expect(after.strands[0].id).not.toBe(strand.id);
    await expect(amendPlan(db, p.headBR, plan.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/Version 2/) });

    await expect(publishPlan(db, p.staff, v2.id)).rejects.toMatchObject({ code: 'forbidden' });
    const published = await publishPlan(db, p.headBR, v2.id);
    expect(published?.path).toMatch(/^\/p\/[A-Za-z0-9_-]{24}$/);
    expect((await getPlanGovernance(db, p.staff, row)).publication?.path).toBe(published?.path);
    expect(await unpublishPlan(db, p.headBR, plan.id)).toBeNull();
    expect((await getPlanGovernance(db, p.staff, row)).publication).toBeNull();
    const again = await publishPlan(db, p.headBR, plan.id);
    expect(again?.path).toBe(published?.path);
    expect((await verifyChain(db, partnershipId)).ok).toBe(true);
  });
});

describe('reading', () => {
  it('lets anyone in the partnership open a review, and nobody outside', async () => {
    const { plan } = await freshPlan();
    const review = await startReview(db, p.headBR, plan.id, { kind: 'jcc', heldOn: '2026-11-14' });
    const seen = await getReviewView(db, p.staff, review.id);
    expect(seen.lines.every((l) => !l.canSign)).toBe(true);
    expect(seen.permissions).toEqual({ edit: false, recommend: false });
    const head = await getReviewView(db, p.headWL, review.id);
    expect(head.lines.filter((l) => l.canSign).map((l) => l.id)).toEqual([lineOf(head, 'head_teacher', WL.id).id]);
    await expect(getReviewView(db, p.foreignHead, review.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getReviewView(db, p.headBR, 'not-an-id')).rejects.toMatchObject({ code: 'not_found' });
  });

});

describe('a withdrawal after the JCC has recommended the plan', () => {
  it('lapses a pending recommendation (plan back to draft, everyone told why); after ratification it is refused', async () => {
    const { plan } = await freshPlan();
    const review = await signedJccReview(plan.id);
    const rec = await createRecommendation(db, p.headBR, review.id, { type: 'adopt_plan' });
    await recordBoardDecision(db, p.chairBR, rec.id, { schoolId: BR.id, decision: 'approved', meetingDate: '2026-11-20' });
    const line = lineOf(review, 'head_teacher', WL.id);
    await withdrawSignature(db, p.headWL, review.id, { signatureId: line.signature?.id, reason: 'We need to add the maths strand first.' });
    const [lapsed] = await db.select().from(recommendations).where(eq(recommendations.id, rec.id));
    expect(lapsed.status).toBe('rejected');
    expect(lapsed.rejectionReason).toMatch(/headWL withdrew their signature \(We need to add the maths strand first\.\)/);
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('draft');
    // William Lilley's board can no longer ratify what is not signed in full.
    await expect(recordBoardDecision(db, p.chairWL, rec.id, { schoolId: WL.id, decision: 'approved', meetingDate: '2026-11-21' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('draft');
    const told = await db.select().from(notifications).where(and(eq(notifications.subjectId, rec.id), eq(notifications.kind, 'recommendation_rejected')));
    expect(told.length).toBeGreaterThan(0);
    const governance = await getPlanGovernance(db, p.staff, (await db.select().from(plans).where(eq(plans.id, plan.id)))[0]);
    expect(governance.standing.summary).toMatch(/· lapsed: “headWL withdrew their signature/);

    // Signed again and recommended again, then ratified: the signatures now stand.
    const resigned = await signReview(db, p.headWL, review.id, { lineId: line.id, password });
    expect(resigned.status).toBe('complete');
    const again = await createRecommendation(db, p.headBR, review.id, { type: 'adopt_plan' });
    for (const [who, school] of [['chairBR', BR], ['chairWL', WL]] as const) {
      await recordBoardDecision(db, p[who], again.id, { schoolId: school.id, decision: 'approved', meetingDate: '2026-11-28' });
    }
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].status).toBe('ratified');
    const standing = lineOf(await getReviewView(db, p.chairBR, review.id), 'chair_of_governors', BR.id);
    await expect(withdrawSignature(db, p.chairBR, review.id, { signatureId: standing.signature?.id, reason: 'Too late' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/ratified/),
    });
  });
});
