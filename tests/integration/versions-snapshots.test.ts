import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { type Db, setDatabase } from '@/db/client';
import { type Plan, actionSchools, actions, impactEntries, objectives, planSnapshots, plans, strandObjectives, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { importPlan } from '@/lib/commands/import-plan';
import { createObjective } from '@/lib/commands/create-objective';
import { createStrand } from '@/lib/commands/create-strand';
import { signReview } from '@/lib/commands/sign-review';
import { startReview } from '@/lib/commands/start-review';
import { updateStrand } from '@/lib/commands/update-strand';
import { withdrawSignature } from '@/lib/commands/withdraw-signature';
import { AppError } from '@/lib/errors';
import { contentHash, planContentOf } from '@/lib/governance/content';
import { getReviewSnapshot, getSnapshot, getSnapshotDiff } from '@/lib/queries/snapshots';
import { comparePlans, listPlanVersions } from '@/lib/queries/versions';
import { SignatureRecord } from '@/components/governance/snapshot/SignatureRecord';
import { SnapshotSummary } from '@/components/governance/snapshot/SnapshotSummary';
import { snapshotDocument } from '@/components/governance/snapshot/sign-off';
import { PlanDocument } from '@/components/plan/PlanDocument';
import { TEST_PASSWORD, createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

// The route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));

const versionsRoute = await import('@/app/api/v1/plans/[id]/versions/route');
const compareRoute = await import('@/app/api/v1/plans/[id]/compare/route');
const snapshotRoute = await import('@/app/api/v1/snapshots/[id]/route');
const snapshotDiffRoute = await import('@/app/api/v1/snapshots/[id]/diff/route');

const testDb = useTestDatabase();
const small = readFileSync(new URL('../fixtures/plan-small.txt', import.meta.url), 'utf8');
const BASE = 'http://localhost:3100';
const get = (path: string) => new Request(`${BASE}${path}`, { headers: { host: 'localhost:3100' } });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

let db: Db;
let head: Actor;
let admin: Actor;
let viewer: Actor;
let outsider: Actor;
let partnershipId: string;

beforeAll(async () => {
  db = testDb().db;
  setDatabase(testDb());
  const { partnership } = await createPartnership(db);
  partnershipId = partnership.id;
  head = (await createUser(db, [{ partnershipId, role: 'head_teacher' }])).actor;
  viewer = (await createUser(db, [{ partnershipId, role: 'viewer' }])).actor;
  // An admin imports: the fixture's schools are added to the partnership on the first import.
  admin = (await createUser(db, [{ partnershipId, role: 'partnership_admin' }])).actor;
  const { partnership: other } = await createPartnership(db);
  outsider = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }])).actor;
});

async function importSmall(): Promise<Plan> {
  const { planId } = await importPlan(db, { actor: admin, partnershipId, text: small });
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  return plan;
}

/**
 * A next version of `plan` as an amendment makes one: the same lineage, every row copied with
 * `originId` pointing at the row of the first version it descends from.
 */
async function copyAsNextVersion(plan: Plan): Promise<Plan> {
  const { id: _id, createdAt: _c, updatedAt: _u, ratifiedAt: _r, ...fields } = plan;
  const [next] = await db
    .insert(plans)
    .values({ ...fields, versionNumber: plan.versionNumber + 1, parentPlanId: plan.id, status: 'draft', revision: 1 })
    .returning();
  const objectiveIds = new Map<string, string>();
  for (const { id, createdAt: _oc, ...o } of await db.select().from(objectives).where(eq(objectives.planId, plan.id))) {
    const [copy] = await db.insert(objectives).values({ ...o, planId: next.id, originId: o.originId ?? id }).returning();
    objectiveIds.set(id, copy.id);
  }
  const strandIds = new Map<string, string>();
  for (const { id, createdAt: _sc, ...s } of await db.select().from(strands).where(eq(strands.planId, plan.id))) {
    const [copy] = await db.insert(strands).values({ ...s, planId: next.id, originId: s.originId ?? id }).returning();
    strandIds.set(id, copy.id);
    for (const link of await db.select().from(strandObjectives).where(eq(strandObjectives.strandId, id))) {
      await db.insert(strandObjectives).values({ strandId: copy.id, objectiveId: objectiveIds.get(link.objectiveId) ?? link.objectiveId });
    }
  }
  for (const { id, createdAt: _ac, ...a } of await db.select().from(actions).where(eq(actions.planId, plan.id))) {
    const [copy] = await db
      .insert(actions)
      .values({ ...a, planId: next.id, strandId: strandIds.get(a.strandId) ?? a.strandId, originId: a.originId ?? id })
      .returning();
    for (const s of await db.select().from(actionSchools).where(eq(actionSchools.actionId, id))) {
      await db.insert(actionSchools).values({ actionId: copy.id, schoolId: s.schoolId });
    }
  }
  for (const { id, createdAt: _ic, ...i } of await db.select().from(impactEntries).where(eq(impactEntries.planId, plan.id))) {
    await db
      .insert(impactEntries)
      .values({ ...i, planId: next.id, strandId: strandIds.get(i.strandId) ?? i.strandId, actionId: null, originId: i.originId ?? id });
  }
  return next;
}

async function ratify(plan: Plan, at: Date): Promise<Plan> {
  const [row] = await db.update(plans).set({ status: 'ratified', ratifiedAt: at }).where(eq(plans.id, plan.id)).returning();
  return row;
}

/** A snapshot as starting a review takes one. */
async function takeSnapshot(plan: Plan, by: Actor) {
  const content = await planContentOf(db, plan);
  const [row] = await db
    .insert(planSnapshots)
    .values({ partnershipId: plan.partnershipId, planId: plan.id, content, hash: contentHash(content), takenById: by.id })
    .returning();
  return row;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('versions of a plan', () => {
  it('lists every version of the lineage newest first, an older ratified version superseded by a later one', async () => {
    const v1 = await ratify(await importSmall(), new Date('2019-10-10T10:00:00Z'));
    const v2 = await ratify(await copyAsNextVersion(v1), new Date('2020-03-01T10:00:00Z'));
    const v3 = await copyAsNextVersion(v2);

    const versions = await listPlanVersions(db, viewer, v3.id);
    expect(versions.map((v) => [v.versionNumber, v.status, v.superseded])).toEqual([
      [3, 'draft', false],
      [2, 'ratified', false],
      [1, 'ratified', true],
    ]);
    expect(versions[1].ratifiedAt).toBe('2020-03-01T10:00:00.000Z');
    // Asked from any version, the answer is the same lineage.
    expect((await listPlanVersions(db, viewer, v1.id)).map((v) => v.id)).toEqual([v3.id, v2.id, v1.id]);
  });

  it('does not list another partnership’s versions, and says nothing of whether they exist', async () => {
    const v1 = await importSmall();
    expect((await refusal(listPlanVersions(db, outsider, v1.id))).code).toBe('not_found');
    expect((await refusal(listPlanVersions(db, head, 'not-a-uuid'))).code).toBe('not_found');

    session.actor = outsider;
    const response = await versionsRoute.GET(get(`/api/v1/plans/${v1.id}/versions`), ctx(v1.id));
    expect(response.status).toBe(404);
    session.actor = null;
    expect((await versionsRoute.GET(get(`/api/v1/plans/${v1.id}/versions`), ctx(v1.id))).status).toBe(401);
    session.actor = viewer;
    const ok = await versionsRoute.GET(get(`/api/v1/plans/${v1.id}/versions`), ctx(v1.id));
    expect(ok.status).toBe(200);
    expect(z.object({ versions: z.array(z.object({ id: z.string() })) }).parse(await ok.json()).versions.map((v) => v.id)).toEqual([v1.id]);
  });
});

describe('comparing two versions', () => {
  it('matches rows across versions and shows what changed, older to newer whichever is named first', async () => {
    const v1 = await ratify(await importSmall(), new Date());
    const v2 = await copyAsNextVersion(v1);
    const [families] = await db.select().from(strands).where(eq(strands.planId, v2.id)).orderBy(strands.position).offset(2).limit(1);
    await updateStrand(db, head, families.id, { version: families.version, title: 'Families and carers' });

    const { before, after, diff } = await comparePlans(db, viewer, v2.id, v1.id);
    expect([before.versionNumber, after.versionNumber]).toEqual([1, 2]);
    expect(diff.strands.map((s) => s.change)).toEqual(['unchanged', 'unchanged', 'changed']);
    const changed = diff.strands[2];
    expect(changed.change === 'changed' && changed.fields).toEqual([{ field: 'title', label: 'Title', before: 'Families', after: 'Families and carers' }]);
    expect(diff.fields).toEqual([]);

    session.actor = viewer;
    const response = await compareRoute.GET(get(`/api/v1/plans/${v1.id}/compare?with=${v2.id}`), ctx(v1.id));
    expect(response.status).toBe(200);
    const body = z.object({ before: z.object({ id: z.string() }), after: z.object({ id: z.string() }), diff: z.object({ changed: z.boolean() }) }).parse(await response.json());
    expect([body.before.id, body.after.id, body.diff.changed]).toEqual([v1.id, v2.id, true]);
  });

  it('refuses to compare plans of different lineages (400) and hides another partnership’s plan (404)', async () => {
    const a = await importSmall();
    const b = await importSmall();
    const crossed = await refusal(comparePlans(db, head, a.id, b.id));
    expect(crossed.code).toBe('bad_request');
    expect(crossed.message).toMatch(/same plan/);

    const { partnership: other } = await createPartnership(db);
    const foreignHead = (await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }])).actor;
    const { planId: foreignPlanId } = await importPlan(db, { actor: foreignHead, partnershipId: other.id, text: small });
    expect((await refusal(comparePlans(db, head, a.id, foreignPlanId))).code).toBe('not_found');

    session.actor = head;
    const missingWith = await compareRoute.GET(get(`/api/v1/plans/${a.id}/compare`), ctx(a.id));
    expect(missingWith.status).toBe(400);
    const badWith = await compareRoute.GET(get(`/api/v1/plans/${a.id}/compare?with=nope`), ctx(a.id));
    expect(badWith.status).toBe(400);
    expect(errorBody.parse(await badWith.json()).error.code).toBe('validation_failed');
    expect((await compareRoute.GET(get(`/api/v1/plans/${a.id}/compare?with=${b.id}`), ctx(a.id))).status).toBe(400);
    expect((await compareRoute.GET(get(`/api/v1/plans/${a.id}/compare?with=${foreignPlanId}`), ctx(a.id))).status).toBe(404);
  });
});

describe('snapshots', () => {
  it('keeps the content a review froze, verified against its hash, whatever is edited later', async () => {
    const plan = await importSmall();
    const taken = await takeSnapshot(plan, head);
    const [reading] = await db.select().from(strands).where(eq(strands.planId, plan.id)).orderBy(strands.position).limit(1);
    await updateStrand(db, head, reading.id, { version: reading.version, title: 'Reading for pleasure' });

    const snapshot = await getSnapshot(db, viewer, taken.id);
    expect(snapshot).toMatchObject({ id: taken.id, planId: plan.id, hash: taken.hash, verified: true, takenBy: head.name });
    expect(snapshot.content.strands[0].title).toBe('Reading');
    expect(snapshot.takenAt).toBe(taken.takenAt.toISOString());

    const { diff } = await getSnapshotDiff(db, viewer, taken.id);
    const first = diff.strands[0];
    expect(first.change === 'changed' && first.fields).toEqual([{ field: 'title', label: 'Title', before: 'Reading', after: 'Reading for pleasure' }]);
    expect(diff.counts.strandsUnchanged).toBe(2);
  });

  it('says when stored content no longer matches its hash', async () => {
    const plan = await importSmall();
    const content = await planContentOf(db, plan);
    const honest = contentHash(content);
    const [row] = await db
      .insert(planSnapshots)
      .values({ partnershipId, planId: plan.id, content: { ...content, title: 'Something else' }, hash: honest, takenById: head.id })
      .returning();
    const snapshot = await getSnapshot(db, head, row.id);
    expect(snapshot.verified).toBe(false);
    expect(snapshot.hash).toBe(honest);
  });

  it('is 404 outside the partnership, for a malformed id, and through the API', async () => {
    const plan = await importSmall();
    const taken = await takeSnapshot(plan, head);
    expect((await refusal(getSnapshot(db, outsider, taken.id))).code).toBe('not_found');
    expect((await refusal(getSnapshotDiff(db, outsider, taken.id))).code).toBe('not_found');
    expect((await refusal(getSnapshot(db, head, 'x'))).code).toBe('not_found');

    session.actor = outsider;
    expect((await snapshotRoute.GET(get(`/api/v1/snapshots/${taken.id}`), ctx(taken.id))).status).toBe(404);
    expect((await snapshotDiffRoute.GET(get(`/api/v1/snapshots/${taken.id}/diff`), ctx(taken.id))).status).toBe(404);
    session.actor = viewer;
    const ok = await snapshotRoute.GET(get(`/api/v1/snapshots/${taken.id}`), ctx(taken.id));
    expect(ok.status).toBe(200);
    const body = z.object({ snapshot: z.object({ hash: z.string(), verified: z.boolean() }) }).parse(await ok.json());
    expect(body.snapshot).toEqual({ hash: taken.hash, verified: true });
    const diff = await snapshotDiffRoute.GET(get(`/api/v1/snapshots/${taken.id}/diff`), ctx(taken.id));
    expect(z.object({ diff: z.object({ changed: z.boolean() }) }).parse(await diff.json()).diff.changed).toBe(false);
  });
});

describe('a review signed against its snapshot', () => {
  it('shows who signed which line, when, and the hash they signed, withdrawals included, on the frozen plan', async () => {
    const { partnership, schools } = await createPartnership(db, {
      schools: [
        { name: 'Bank Road Infant School', shortCode: 'BR' },
        { name: 'William Lilley Infant School', shortCode: 'WL' },
      ],
    });
    const pid = partnership.id;
    const headBR = (await createUser(db, [{ partnershipId: pid, role: 'head_teacher', schoolId: schools[0].id }], { name: 'Beth Bank' })).actor;
    const headWL = (await createUser(db, [{ partnershipId: pid, role: 'head_teacher', schoolId: schools[1].id }], { name: 'Will Lilley' })).actor;
    const reader = (await createUser(db, [{ partnershipId: pid, role: 'viewer' }])).actor;
    const [created] = await db.insert(plans).values({ partnershipId: pid, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2025 }).returning();
    const [plan] = await db.update(plans).set({ lineageId: created.id }).where(eq(plans.id, created.id)).returning();
    const objective = await createObjective(db, headBR, plan.id, { text: 'Keep every child safe.' });
    const strand = await createStrand(db, headBR, plan.id, { title: 'Safeguarding', objectiveIds: [objective.id] });

    const started = await startReview(db, headBR, plan.id, { kind: 'head_teachers', heldOn: '2025-11-14' });
    const lineFor = (schoolId: string) => {
      const line = started.lines.find((l) => l.schoolId === schoolId);
      if (!line) throw new Error('no line for the school');
      return line;
    };
    await signReview(db, headBR, started.id, { lineId: lineFor(schools[0].id).id, password: TEST_PASSWORD });
    const signed = await signReview(db, headWL, started.id, { lineId: lineFor(schools[1].id).id, password: TEST_PASSWORD });
    const wlSignature = signed.lines.find((l) => l.schoolId === schools[1].id)?.signature;
    if (!wlSignature) throw new Error('William Lilley did not sign');
    await withdrawSignature(db, headWL, started.id, { signatureId: wlSignature.id, reason: 'The safeguarding strand needs another look' });
    // An edit after signing: the snapshot and what was signed stay as they were.
    await updateStrand(db, headBR, strand.id, { version: strand.version, title: 'Safeguarding and welfare' });

    const { review, snapshot } = await getReviewSnapshot(db, reader, started.id);
    if (!snapshot) throw new Error('expected a snapshot');
    expect(snapshot.verified).toBe(true);
    expect(snapshot.content.strands.map((s) => s.title)).toEqual(['Safeguarding']);
    expect(review.lines.every((l) => [...l.withdrawn, ...(l.signature ? [l.signature] : [])].every((g) => g.snapshotHash === snapshot.hash))).toBe(true);

    const record = renderToStaticMarkup(createElement(SignatureRecord, { lines: review.lines, snapshotHash: snapshot.hash, caption: 'Signatures' }));
    const rows = record.split('<tr').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Beth Bank');
    expect(rows[0]).toContain('<strong>Stands</strong>');
    expect(rows[1]).toContain('Will Lilley');
    expect(rows[1]).toContain('<strong>Withdrawn</strong>');
    expect(rows[1]).toContain('Reason: The safeguarding strand needs another look');
    expect(rows[2]).toContain('Not signed again since the withdrawal');
    const bethSignedAt = review.lines.find((l) => l.schoolId === schools[0].id)?.signature?.signedAt ?? '';
    expect(record).toContain(`>${new Date(bethSignedAt).toISOString()}</time>`);
    expect(record).toMatch(/\d{2}:\d{2}:\d{2} (GMT|BST)/);
    expect(record.split(snapshot.hash).length - 1).toBe(2);
    expect(record).toContain('The hash of this snapshot');

    const summary = renderToStaticMarkup(createElement(SnapshotSummary, { snapshot }));
    expect(summary).toContain(snapshot.hash);
    expect(summary).toContain('Yes: hashing the content again gives the same SHA-256');

    // The frozen plan, laid out as the document, with this review's sign-off block.
    const documentHtml = renderToStaticMarkup(createElement(PlanDocument, { plan: snapshotDocument(snapshot, review) }));
    expect(documentHtml).toContain('Safeguarding');
    expect(documentHtml).not.toContain('Safeguarding and welfare');
    expect(documentHtml).toContain('Beth Bank');
    expect(documentHtml).not.toContain('Will Lilley');
    expect(documentHtml).not.toContain('has not been reviewed yet');

    const { diff } = await getSnapshotDiff(db, reader, snapshot.id);
    const changed = diff.strands[0];
    expect(changed.change === 'changed' && changed.fields[0]).toEqual({ field: 'title', label: 'Title', before: 'Safeguarding', after: 'Safeguarding and welfare' });
  });
});
