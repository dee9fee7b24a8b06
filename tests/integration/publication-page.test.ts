import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { type Plan, planPublications, plans, reviewSignatures, reviews, signatureWithdrawals } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createAction } from '@/lib/commands/create-action';
import { createImpactEntry } from '@/lib/commands/create-impact-entry';
import { createObjective } from '@/lib/commands/create-objective';
import { createStrand } from '@/lib/commands/create-strand';
import { updateImpactEntry } from '@/lib/commands/update-impact-entry';
import { getPublishedPlan } from '@/lib/queries/publication';
import { PublicPlan } from '@/components/public/PublicPlan';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
let db: Db;
let partnershipId: string;
let schoolIds: { BR: string; WL: string };
let head: Actor;
let owner: Actor;
let author: Actor;
let chair: Actor;

beforeAll(async () => {
  db = testDb().db;
  const { partnership, schools } = await createPartnership(db, {
    schools: [
      { name: 'Bank Road Infant School', shortCode: 'BR' },
      { name: 'William Lilley Infant School', shortCode: 'WL' },
    ],
  });
  partnershipId = partnership.id;
  schoolIds = { BR: schools[0].id, WL: schools[1].id };
  head = (await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: schoolIds.BR }], { name: 'Helen Headteacher', email: 'helen.head@bankroad.example' })).actor;
  owner = (await createUser(db, [{ partnershipId, role: 'subject_lead', schoolId: schoolIds.BR, subject: 'English' }], { name: 'Oliver Owner', email: 'oliver.owner@bankroad.example' })).actor;
  author = (await createUser(db, [{ partnershipId, role: 'staff', schoolId: schoolIds.WL }], { name: 'Agnes Author', email: 'agnes.author@williamlilley.example' })).actor;
  chair = (await createUser(db, [{ partnershipId, role: 'chair_of_governors', schoolId: schoolIds.WL }], { name: 'Charles Chair', email: 'charles.chair@williamlilley.example' })).actor;
});

const token = () => randomBytes(24).toString('base64url');

/** A plan with an owned action, impact by a named author (one entry withdrawn) and a signed review. */
async function planWithPeople(opts: { lineageId?: string; versionNumber?: number; status?: Plan['status'] } = {}) {
  const [created] = await db
    .insert(plans)
    .values({
      partnershipId,
      lineageId: opts.lineageId ?? crypto.randomUUID(),
      versionNumber: opts.versionNumber ?? 1,
      title: 'Collaboration Action Plan',
      academicYear: 2017,
      yearLabel: '2017',
      objectivesIntro: 'Our two schools will work together to:',
    })
    .returning();
  const plan = opts.lineageId ? created : (await db.update(plans).set({ lineageId: created.id }).where(eq(plans.id, created.id)).returning())[0];
  const o1 = await createObjective(db, head, plan.id, { text: 'Raise standards in reading across both schools.' });
  const strand = await createStrand(db, head, plan.id, { title: 'Teaching and Learning', objectiveIds: [o1.id], leadUserId: owner.id });
  await createAction(db, head, strand.id, { text: 'Moderate writing together', ownerUserId: owner.id, schoolIds: [schoolIds.BR] });
  await createImpactEntry(db, author, strand.id, { body: '<p>Writing moderated across both schools.</p>', date: '2017-11-14', evidenceUrl: 'https://intranet.example/secret-notes' });
  const withdrawn = await createImpactEntry(db, author, strand.id, { body: '<p>Entry written in error about a pupil.</p>' });
  await updateImpactEntry(db, author, withdrawn.id, { version: withdrawn.version, withdrawn: true, withdrawnReason: 'Wrong strand' });

  const [review] = await db
    .insert(reviews)
    .values({ planId: plan.id, position: 1, kind: 'jcc', status: 'complete', heldOn: '2017-11-14', statement: 'This action plan was reviewed by the JCC on 14th November 2017.' })
    .returning();
  const sign = (who: Actor, roleLabel: string, schoolName: string, position: number) =>
    db
      .insert(reviewSignatures)
      .values({ reviewId: review.id, position, signerName: who.name, roleLabel, schoolName, userId: who.id, signedAt: new Date('2017-11-14T18:30:00Z'), snapshotHash: 'a'.repeat(64), ip: '198.51.100.23', userAgent: 'SecretBrowser/9.9' })
      .returning();
  await sign(head, 'Head teacher', 'Bank Road Infant School', 1);
  await sign(chair, 'Chair of governors', 'William Lilley Infant School', 2);
  const [taken] = await sign(owner, 'Head teacher', 'William Lilley Infant School', 3);
  await db.insert(signatureWithdrawals).values({ signatureId: taken.id, reviewId: review.id, userId: owner.id, reason: 'Signed the wrong line' });
  return plan;
}

async function ratify(plan: Plan) {
  await db.update(plans).set({ status: 'ratified', ratifiedAt: new Date('2017-12-01T12:00:00Z') }).where(eq(plans.id, plan.id));
}

async function publish(plan: Plan, publishedAt: Date | null = new Date('2017-12-02T09:00:00Z')) {
  const t = token();
  await db.insert(planPublications).values({ lineageId: plan.lineageId, partnershipId, token: t, publishedAt, publishedById: head.id });
  return t;
}

describe('the parents’ page', () => {
  it('shows the ratified plan: objectives, strands, impact to date and the review with its signatories', async () => {
    const plan = await planWithPeople();
    await ratify(plan);
    const page = await getPublishedPlan(db, await publish(plan));
    expect(page).not.toBeNull();
    expect(page).toMatchObject({
      title: 'Collaboration Action Plan',
      yearLabel: '2017',
      ratifiedAt: '2017-12-01T12:00:00.000Z',
      publishedAt: '2017-12-02T09:00:00.000Z',
      objectives: [{ number: 1, text: 'Raise standards in reading across both schools.' }],
      strands: [{ title: 'Teaching and Learning', objectiveNumbers: [1], impact: [{ date: '2017-11-14', text: '<p>Writing moderated across both schools.</p>' }] }],
      reviews: [
        {
          kind: 'jcc',
          heldOn: '2017-11-14',
          signatories: [
            { name: 'Helen Headteacher', roleLabel: 'Head teacher', schoolName: 'Bank Road Infant School' },
            { name: 'Charles Chair', roleLabel: 'Chair of governors', schoolName: 'William Lilley Infant School' },
          ],
        },
      ],
    });
    expect(page?.schools.map((s) => s.shortCode).sort()).toEqual(['BR', 'WL']);
  });

  it('lets out no personal data beyond the signatories’ names and roles', async () => {
    const plan = await planWithPeople();
    await ratify(plan);
    const payload = JSON.stringify(await getPublishedPlan(db, await publish(plan)));
    // Present in the plan: the action's owner and strand lead, the impact author, emails, ids, IPs.
    for (const secret of [
      'Oliver Owner',
      'Agnes Author',
      '@bankroad.example',
      '@williamlilley.example',
      owner.id,
      author.id,
      head.id,
      chair.id,
      plan.id,
      '198.51.100.23',
      'SecretBrowser',
      'intranet.example',
      'Entry written in error',
      'Signed the wrong line',
      'a'.repeat(64),
      'Moderate writing together',
    ]) {
      expect(payload, secret).not.toContain(secret);
    }
    expect(payload).toContain('Helen Headteacher');
  });

  it('renders as a page with the plan and signatories, and none of the hidden people', async () => {
    const plan = await planWithPeople();
    await ratify(plan);
    const page = await getPublishedPlan(db, await publish(plan));
    if (!page) throw new Error('expected the published plan');
    const html = renderToStaticMarkup(createElement(PublicPlan, { plan: page }));
    expect(html).toContain('<h1 id="public-plan-title" class="public-plan__title">Collaboration Action Plan');
    expect(html).toContain('Raise standards in reading across both schools.');
    expect(html).toContain('Writing moderated across both schools.');
    expect(html).toContain('Charles Chair</span>, Chair of governors, William Lilley Infant School');
    for (const hidden of ['Oliver Owner', 'Agnes Author', '@bankroad.example', 'Entry written in error', 'intranet.example']) {
      expect(html, hidden).not.toContain(hidden);
    }
  });

  it('shows the newest ratified version, never a later draft', async () => {
    const v1 = await planWithPeople();
    await ratify(v1);
    const v2 = await planWithPeople({ lineageId: v1.lineageId, versionNumber: 2 });
    await db.update(plans).set({ title: 'Collaboration Action Plan (amended)' }).where(eq(plans.id, v2.id));
    const t = await publish(v1);
    expect((await getPublishedPlan(db, t))?.versionNumber).toBe(1);
    await ratify(v2);
    expect(await getPublishedPlan(db, t)).toMatchObject({ versionNumber: 2, title: 'Collaboration Action Plan (amended)' });
  });

  it('is null, alike, for a page taken down, an unknown or malformed token, and a lineage with nothing ratified', async () => {
    const ratified = await planWithPeople();
    await ratify(ratified);
    const t = await publish(ratified);
    expect(await getPublishedPlan(db, t)).not.toBeNull();
    await db.update(planPublications).set({ publishedAt: null }).where(eq(planPublications.token, t));
    expect(await getPublishedPlan(db, t)).toBeNull();

    expect(await getPublishedPlan(db, token())).toBeNull();
    expect(await getPublishedPlan(db, "' OR 1=1 --")).toBeNull();
    expect(await getPublishedPlan(db, '')).toBeNull();

    const draft = await planWithPeople();
    expect(await getPublishedPlan(db, await publish(draft))).toBeNull();
  });
});
