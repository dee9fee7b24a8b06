import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actions, auditEvents, impactEntries, plans, reviewSignatures, schools, partnershipSchools } from '@/db/schema';
import { createPlanFromDocument } from '@/lib/commands/create-plan-from-document';
import { importPlan } from '@/lib/commands/import-plan';
import { systemActor } from '@/lib/audit/events';
import { parsePlanDocument } from '@/lib/import/parse';
import { getPlanView } from '@/lib/queries/plans';
import { createPartnership, createUser } from '../factories';
import { SEED_PLAN_PATH, useTestDatabase } from '../helpers/test-db';

const small = readFileSync(fileURLToPath(new URL('../fixtures/plan-small.txt', import.meta.url)), 'utf8');
const seedPath = fileURLToPath(SEED_PLAN_PATH);
const haveSeed = existsSync(seedPath);
if (!haveSeed) console.warn(`[import-plan] ${seedPath} is absent: the real-document import test is skipped`);

const testDb = useTestDatabase();

async function countsFor(planId: string) {
  const { db } = testDb();
  const [a] = await db.select({ n: count() }).from(actions).where(eq(actions.planId, planId));
  const [i] = await db.select({ n: count() }).from(impactEntries).where(eq(impactEntries.planId, planId));
  return { actions: a.n, impact: i.n };
}

describe('importing a plan document', () => {
  it.skipIf(!haveSeed)('reads the real 2017 plan into a plan that matches the document, using the partnership’s schools', async () => {
    const { db } = testDb();
    const { partnership, schools: [br, wl] } = await createPartnership(db, {
      schools: [
        { name: 'Bank Road Infant and Nursery School', shortCode: 'BR' },
        { name: 'William Lilley Infant and Nursery School', shortCode: 'WL' },
      ],
    });
    const { actor } = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: br.id }]);
    const { planId } = await importPlan(db, { actor, partnershipId: partnership.id, text: readFileSync(seedPath, 'utf8'), fileName: 'plan.txt' });
    const plan = await getPlanView(db, actor, planId);
    expect(plan.title).toBe('Collaboration Action Plan');
    expect(plan.note).toBe('Amended and updated following review by head teachers – November 2017');
    expect(plan.objectives).toHaveLength(10);
    expect(plan.strands.map((s) => s.actions.length)).toEqual([2, 3, 7, 4, 3, 6, 7, 1, 3, 2]);
    expect(plan.strands.map((s) => s.impact.length)).toEqual([5, 2, 4, 2, 1, 1, 3, 3, 0, 0]);
    expect(plan.strands[0].objectiveNumbers).toEqual([1, 2, 5, 10]);
    expect(plan.strands[8].objectiveNumbers).toEqual([]);
    const governors = plan.strands[8].actions;
    expect(governors[2].due).toMatchObject({ kind: 'date', date: '2018-01-23', time: '18:00' });
    expect(governors[0].schools).toEqual(['BR', 'WL']);
    expect(plan.reviews.map((r) => r.signatures.map((s) => s.name).length)).toEqual([4, 2, 4]);
    expect(plan.reviews.every((r) => r.status === 'historical' && r.signatures.every((s) => s.imported))).toBe(true);
    // No new schools: the document's BR and WL are the partnership's own.
    const linked = await db.select().from(partnershipSchools).where(eq(partnershipSchools.partnershipId, partnership.id));
    expect(linked.map((l) => l.schoolId).sort()).toEqual([br.id, wl.id].sort());
    const signatures = await db.select().from(reviewSignatures);
    expect(signatures.filter((s) => s.schoolId === wl.id).length).toBeGreaterThan(0);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, planId));
    expect(event).toMatchObject({ verb: 'plan.import', actorUserId: actor.id, actorName: actor.name, ip: '203.0.113.7' });
    expect(event.data).toMatchObject({ actions: 38, reviews: 3, fileName: 'plan.txt' });
  });

  it('adds the schools a document names when the partnership does not have them yet', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { actor } = await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }]);
    const { planId, plan } = await importPlan(db, { actor, partnershipId: partnership.id, text: small });
    const view = await getPlanView(db, actor, planId);
    expect(view.schools.map((s) => s.shortCode).sort()).toEqual(plan.schools.map((s) => s.shortCode).sort());
    expect(await countsFor(planId)).toEqual({
      actions: plan.strands.reduce((n, s) => n + s.actions.length, 0),
      impact: plan.strands.reduce((n, s) => n + s.impact.length, 0),
    });
  });

  it('refuses a malformed document with the line and problem, writing nothing', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { actor } = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher' }]);
    const broken = small.replace(/\t/, ' ');
    const error = await importPlan(db, { actor, partnershipId: partnership.id, text: broken }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_import', details: { line: expect.any(Number), problem: expect.any(String) } });
    expect(await db.select().from(plans).where(eq(plans.partnershipId, partnership.id))).toEqual([]);
  });

  it('is all or nothing: a failure half-way leaves no plan, no school and no event', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const parsed = parsePlanDocument(small);
    // An impossible date makes the database refuse a row late in the import.
    parsed.strands[parsed.strands.length - 1].actions.push({ text: 'Broken', due: { kind: 'date', date: '2017-02-30', label: 'x' }, schools: [], status: 'not_started' });
    const [{ n: schoolsBefore }] = await db.select({ n: count() }).from(schools);
    await expect(
      db.transaction((tx) =>
        createPlanFromDocument(tx, { partnershipId: partnership.id, plan: parsed, actor: systemActor, createdById: null, mayAddSchools: true, source: { kind: 'import', fileName: null } }),
      ),
    ).rejects.toThrow();
    expect(await db.select().from(plans).where(eq(plans.partnershipId, partnership.id))).toEqual([]);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.partnershipId, partnership.id))).toEqual([]);
    expect(await db.select({ n: count() }).from(schools)).toEqual([{ n: schoolsBefore }]);
  });

  it('a head teacher may not add schools to the partnership through an import', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { actor } = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher' }]);
    const error = await importPlan(db, { actor, partnershipId: partnership.id, text: small }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/not a school of this partnership/) });
    expect(await db.select().from(plans).where(eq(plans.partnershipId, partnership.id))).toEqual([]);
    expect(await db.select().from(partnershipSchools).where(eq(partnershipSchools.partnershipId, partnership.id))).toEqual([]);
  });

  it('only head teachers and partnership admins of that partnership may import', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { partnership: other } = await createPartnership(db);
    for (const role of ['governor', 'jcc_member', 'subject_lead', 'staff', 'viewer', 'chair_of_governors', 'clerk'] as const) {
      const { actor } = await createUser(db, [{ partnershipId: partnership.id, role }]);
      await expect(importPlan(db, { actor, partnershipId: partnership.id, text: small })).rejects.toMatchObject({ code: 'forbidden' });
    }
    const { actor: foreignHead } = await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }]);
    await expect(importPlan(db, { actor: foreignHead, partnershipId: partnership.id, text: small })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.select().from(plans).where(eq(plans.partnershipId, partnership.id))).toEqual([]);
  });
});
