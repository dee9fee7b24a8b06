import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditEvents, partnerships, plans, users } from '@/db/schema';
import { demoPartnerships, demoPlans, demoUsers } from '@/db/seed/demo-content';
import { seedDemo } from '@/db/seed/seed';
import { loadActor } from '@/lib/auth/actor';
import { eventHash } from '@/lib/audit/events';
import { getPlanView, listPlans } from '@/lib/queries/plans';
import { createPartnership, createUser } from '../factories';
import { createTestDatabase } from '../helpers/test-db';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  expect(await seedDemo(database.db)).toBe(true);
});
afterAll(async () => {
  await database?.close();
});

async function actorFor(email: string) {
  const [user] = await database.db.select().from(users).where(eq(users.email, email));
  const actor = await loadActor(database.db, user.id, user.sessionVersion);
  if (!actor) throw new Error(`no actor for ${email}`);
  return actor;
}

describe('demo data', () => {
  it('loads once: both partnerships, every account, both plans, with audit events', async () => {
    const { db } = database;
    expect(await seedDemo(db)).toBe(false);
    expect((await db.select().from(partnerships)).map((p) => p.slug).sort()).toEqual(demoPartnerships.map((p) => p.slug).sort());
    expect(await db.select({ n: count() }).from(users)).toEqual([{ n: demoUsers.length }]);
    expect(await db.select({ n: count() }).from(plans)).toEqual([{ n: demoPlans.length }]);
    const events = await db.select().from(auditEvents);
    expect(events.some((e) => e.verb === 'plan.create')).toBe(true);
    for (const e of events) expect(eventHash(e.prevHash, e)).toBe(e.hash);
  });

  it('the Bank Road / William Lilley plan has the shape of the 2017 plan', async () => {
    const actor = await actorFor('head@bankroad.example');
    const [summary] = (await listPlans(database.db, actor)).filter((p) => /Bank Road/.test(p.partnership.name));
    const plan = await getPlanView(database.db, actor, summary.id);
    expect(plan.objectives.map((o) => o.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.strands.map((s) => s.title)).toEqual([
      'Safeguarding',
      'Teaching and Learning',
      'Staff',
      'CPD',
      'Moderation / assessment',
      'School Council',
      'Pupil Premium',
      'Parents',
      'Governors',
      'Combined SIP priorities',
    ]);
    expect(plan.strands[0].objectiveNumbers.length).toBeGreaterThan(0);
    expect(plan.strands.flatMap((s) => s.actions).some((a) => a.due.kind === 'date')).toBe(true);
    expect(plan.strands.flatMap((s) => s.actions).some((a) => a.schools.includes('BR'))).toBe(true);
    expect(plan.strands.flatMap((s) => s.impact).length).toBeGreaterThan(0);
    expect(plan.reviews.map((r) => [r.kind, r.status, r.signatures.length])).toEqual([
      ['jcc', 'historical', 4],
      ['head_teachers', 'historical', 2],
      ['jcc', 'historical', 4],
    ]);
  });
});

describe('reads are scoped to the person’s partnerships', () => {
  it('lists only the plans of the partnerships one belongs to', async () => {
    const bankRoad = await listPlans(database.db, await actorFor('head@bankroad.example'));
    const chaseLane = await listPlans(database.db, await actorFor('head@chaselane.example'));
    expect(bankRoad.length).toBeGreaterThan(0);
    expect(chaseLane.length).toBeGreaterThan(0);
    expect(bankRoad.every((p) => /Bank Road/.test(p.partnership.name))).toBe(true);
    expect(chaseLane.every((p) => /Harwich/.test(p.partnership.name))).toBe(true);
  });

  it('answers another partnership’s plan exactly like a missing or malformed id', async () => {
    const bankRoad = await actorFor('head@bankroad.example');
    const [harwichPlan] = await listPlans(database.db, await actorFor('head@chaselane.example'));
    const errors = await Promise.all(
      [harwichPlan.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', "'; drop table plans; --"].map((id) =>
        getPlanView(database.db, bankRoad, id).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const e of errors) expect(e).toMatchObject({ code: 'not_found', message: 'Plan was not found.' });
  });

  it('a person with no partnership sees nothing', async () => {
    const { actor } = await createUser(database.db);
    expect(await listPlans(database.db, actor)).toEqual([]);
    const { partnership } = await createPartnership(database.db);
    const { actor: member } = await createUser(database.db, [{ partnershipId: partnership.id, role: 'viewer' }]);
    expect(await listPlans(database.db, member)).toEqual([]);
  });
});
