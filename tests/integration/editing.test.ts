import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { actions, auditEvents, collabDocuments, impactEntries, objectives, plans, strandObjectives, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { eventHash } from '@/lib/audit/events';
import { verifyChain } from '@/lib/audit/verify';
import { archivePlan } from '@/lib/commands/archive-plan';
import { createAction } from '@/lib/commands/create-action';
import { createImpactEntry } from '@/lib/commands/create-impact-entry';
import { createObjective } from '@/lib/commands/create-objective';
import { createStrand } from '@/lib/commands/create-strand';
import { deleteAction } from '@/lib/commands/delete-action';
import { deleteObjective } from '@/lib/commands/delete-objective';
import { deleteStrand } from '@/lib/commands/delete-strand';
import { updateAction } from '@/lib/commands/update-action';
import { updateImpactEntry } from '@/lib/commands/update-impact-entry';
import { updateObjective } from '@/lib/commands/update-objective';
import { updatePlan } from '@/lib/commands/update-plan';
import { updateStrand } from '@/lib/commands/update-strand';
import { onCommitted } from '@/lib/realtime/bus';
import { getPlanHistory } from '@/lib/queries/history';
import { getPlanView } from '@/lib/queries/plans';
import { planPermissions } from '@/lib/queries/plan-page';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
let db: Db;
let partnershipId: string;
let schoolIds: { BR: string; WL: string };
const people: Record<string, Actor> = {};

beforeAll(async () => {
  db = testDb().db;
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }, { shortCode: 'WL' }] });
  partnershipId = partnership.id;
  schoolIds = { BR: schools[0].id, WL: schools[1].id };
  for (const role of ['head_teacher', 'partnership_admin', 'subject_lead', 'staff', 'governor', 'jcc_member', 'viewer', 'chair_of_governors'] as const) {
    people[role] = (await createUser(db, [{ partnershipId, role, schoolId: role === 'partnership_admin' ? null : schools[0].id }], { name: `The ${role}` })).actor;
  }
  people.otherLead = (await createUser(db, [{ partnershipId, role: 'subject_lead', schoolId: schools[1].id, subject: 'Maths' }])).actor;
  const { partnership: other } = await createPartnership(db);
  people.foreignHead = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }])).actor;
});

/** A fresh draft plan with two objectives and one strand (led by the subject lead) with one action they own. */
async function freshPlan() {
  const [plan] = await db.insert(plans).values({ partnershipId, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2025 }).returning();
  await db.update(plans).set({ lineageId: plan.id }).where(eq(plans.id, plan.id));
  const head = people.head_teacher;
  const o1 = await createObjective(db, head, plan.id, { text: 'Work together for good.' });
  const o2 = await createObjective(db, head, plan.id, { text: 'Share what works.' });
  const strand = await createStrand(db, head, plan.id, { title: 'Safeguarding', objectiveIds: [o1.id], leadUserId: people.subject_lead.id });
  const action = await createAction(db, head, strand.id, { text: 'Peer review of safeguarding', ownerUserId: people.subject_lead.id, schoolIds: [schoolIds.BR] });
  const otherAction = await createAction(db, head, strand.id, { text: 'Audit the single central record', ownerUserId: people.otherLead.id });
  return { plan, o1, o2, strand, action, otherAction };
}

async function eventsOf(entityId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.seq);
}

describe('editing a plan', () => {
  it('a head edits every part, each change audited with its before and after, broadcast after commit', async () => {
    const { plan, o1, strand, action } = await freshPlan();
    const head = people.head_teacher;
    const heard: string[] = [];
    const stop = onCommitted((changes) => heard.push(...changes.map((c) => c.verb)));
    const updated = await updateAction(db, head, action.id, {
      version: action.version,
      text: 'Peer review of safeguarding, both schools',
      schoolIds: [schoolIds.WL, schoolIds.BR],
      due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1 },
      status: 'in_progress',
    });
    stop();
    expect(updated).toMatchObject({ version: action.version + 1, schools: ['BR', 'WL'], status: 'in_progress', due: { kind: 'half_term', label: 'Spring 1 2025-26' } });
    const [event] = (await eventsOf(action.id)).filter((e) => e.verb === 'action.update');
    expect(event).toMatchObject({ actorUserId: head.id, actorName: head.name, actorRole: 'head_teacher', ip: '203.0.113.7', userAgent: 'vitest', strandId: strand.id, planId: plan.id });
    expect(event.changes).toEqual(
      expect.arrayContaining([
        { field: 'text', before: 'Peer review of safeguarding', after: 'Peer review of safeguarding, both schools' },
        { field: 'status', before: 'not_started', after: 'in_progress' },
        { field: 'due', before: { kind: 'none' }, after: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1 } },
      ]),
    );
    expect(heard).toEqual(['action.update']);
    expect(eventHash(event.prevHash, event)).toBe(event.hash);

    const renamed = await updateObjective(db, head, o1.id, { version: o1.version, text: 'Work together, always.' });
    expect(renamed.text).toBe('Work together, always.');
    const view = await getPlanView(db, head, plan.id);
    expect(view.strands[0].actions[0].text).toBe('Peer review of safeguarding, both schools');
    expect(view.objectives[0].text).toBe('Work together, always.');
  });

  it('refuses a write based on an old version with 409 and the current value, changing nothing', async () => {
    const { action } = await freshPlan();
    const head = people.head_teacher;
    await updateAction(db, head, action.id, { version: action.version, text: 'First edit' });
    const before = await eventsOf(action.id);
    const error = await updateAction(db, people.partnership_admin, action.id, { version: action.version, text: 'Based on what I saw' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', current: { id: action.id, text: 'First edit', version: action.version + 1 } });
    expect((await db.select().from(actions).where(eq(actions.id, action.id)))[0].text).toBe('First edit');
    expect(await eventsOf(action.id)).toHaveLength(before.length);
  });

  it('a failing write leaves neither the change nor its audit event', async () => {
    const { action } = await freshPlan();
    const [{ n: eventsBefore }] = await db.select({ n: count() }).from(auditEvents);
    const { partnership: other, schools } = await createPartnership(db, { schools: [{ shortCode: 'XX' }] });
    expect(other.id).not.toBe(partnershipId);
    await expect(updateAction(db, people.head_teacher, action.id, { version: action.version, text: 'Changed', schoolIds: [schools[0].id] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { schoolIds: expect.any(String) } },
    });
    expect((await db.select().from(actions).where(eq(actions.id, action.id)))[0].text).toBe(action.text);
    expect(await db.select({ n: count() }).from(auditEvents)).toEqual([{ n: eventsBefore }]);
  });

  it('an audit write that fails takes the change down with it', async () => {
    const { action } = await freshPlan();
    const { actor: refused } = await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: schoolIds.BR }], { name: 'Refused By The Audit Table' });
    // Make the database refuse this person's audit events only: the change is written first, then its event.
    await db.execute(sql`ALTER TABLE audit_events ADD CONSTRAINT test_refuse_actor CHECK (actor_name <> 'Refused By The Audit Table')`);
    try {
      await expect(updateAction(db, refused, action.id, { version: action.version, text: 'Never kept' })).rejects.toThrow();
    } finally {
      await db.execute(sql`ALTER TABLE audit_events DROP CONSTRAINT test_refuse_actor`);
    }
    const [row] = await db.select().from(actions).where(eq(actions.id, action.id));
    expect(row).toMatchObject({ text: action.text, version: action.version });
    expect((await eventsOf(action.id)).some((e) => e.actorUserId === refused.id)).toBe(false);
  });

  it('concurrent edits of one plan all land, each audited, and the chain still verifies', async () => {
    const { strand } = await freshPlan();
    const created = [];
    for (let i = 0; i < 8; i++) created.push(await createAction(db, people.head_teacher, strand.id, { text: `Parallel ${i}` }));
    const editors = [people.head_teacher, people.partnership_admin];
    const results = await Promise.all(created.map((a, i) => updateAction(db, editors[i % 2], a.id, { version: a.version, status: 'done' })));
    expect(results.every((r) => r.status === 'done')).toBe(true);
    expect(await verifyChain(db, partnershipId)).toMatchObject({ ok: true });
  });

  it('a reworded RAG reason is kept, a removed one is refused while the rating is amber or red', async () => {
    const { action } = await freshPlan();
    const red = await updateAction(db, people.head_teacher, action.id, { version: action.version, rag: 'red', ragReason: 'Late' });
    await expect(updateAction(db, people.head_teacher, action.id, { version: red.version, ragReason: null })).rejects.toMatchObject({ details: { fields: { ragReason: expect.any(String) } } });
    await expect(updateAction(db, people.head_teacher, action.id, { version: red.version, ragReason: 'Late: the date moved' })).resolves.toMatchObject({ rag: 'red', ragReason: 'Late: the date moved' });
  });

  it('refuses NUL characters with a field error rather than failing in the database', async () => {
    const { action } = await freshPlan();
    await expect(updateAction(db, people.head_teacher, action.id, { version: action.version, text: 'Bad\u0000text' })).rejects.toMatchObject({ details: { fields: { text: expect.stringMatching(/NUL/) } } });
  });

  it('a move that would not change the order changes nothing and records nothing', async () => {
    const { o2, otherAction } = await freshPlan();
    const before = (await eventsOf(o2.id)).length;
    await expect(updateObjective(db, people.head_teacher, o2.id, { version: o2.version, number: 99 })).resolves.toMatchObject({ number: 2, version: o2.version });
    expect(await eventsOf(o2.id)).toHaveLength(before);
    const actionEvents = (await eventsOf(otherAction.id)).length;
    await expect(updateAction(db, people.head_teacher, otherAction.id, { version: otherAction.version, position: 50 })).resolves.toMatchObject({ position: 2, version: otherAction.version });
    expect(await eventsOf(otherAction.id)).toHaveLength(actionEvents);
  });

  it('asks for a reason when the RAG rating turns amber or red, and keeps it', async () => {
    const { action } = await freshPlan();
    const head = people.head_teacher;
    await expect(updateAction(db, head, action.id, { version: action.version, rag: 'red' })).rejects.toMatchObject({ details: { fields: { ragReason: expect.stringMatching(/Say why/) } } });
    const red = await updateAction(db, head, action.id, { version: action.version, rag: 'red', ragReason: 'The review date moved twice.' });
    expect(red).toMatchObject({ rag: 'red', ragReason: 'The review date moved twice.' });
    const green = await updateAction(db, head, action.id, { version: red.version, rag: 'green' });
    expect(green).toMatchObject({ rag: 'green', ragReason: null });
    const changes = (await eventsOf(action.id)).flatMap((e) => e.changes);
    expect(changes).toContainEqual({ field: 'ragReason', before: 'The review date moved twice.', after: null });
  });

  it('objectives renumber when moved or removed; removal is refused while a strand links to it, naming the strand', async () => {
    const { plan, o1, o2, strand } = await freshPlan();
    const head = people.head_teacher;
    const o3 = await createObjective(db, head, plan.id, { text: 'Third', number: 1 });
    expect((await getPlanView(db, head, plan.id)).objectives.map((o) => [o.number, o.text])).toEqual([
      [1, 'Third'],
      [2, 'Work together for good.'],
      [3, 'Share what works.'],
    ]);
    const moved = await updateObjective(db, head, o3.id, { version: o3.version, number: 3 });
    expect(moved.number).toBe(3);
    await expect(deleteObjective(db, head, o1.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Safeguarding') });
    await deleteObjective(db, head, o2.id);
    expect((await getPlanView(db, head, plan.id)).objectives.map((o) => [o.number, o.text])).toEqual([
      [1, 'Work together for good.'],
      [2, 'Third'],
    ]);
    await updateStrand(db, head, strand.id, { version: strand.version, objectiveIds: [o3.id] });
    const view = await getPlanView(db, head, plan.id);
    expect(view.strands[0].objectiveNumbers).toEqual([2]);
    const verbs = (await eventsOf(strand.id)).map((e) => e.verb);
    expect(verbs).toEqual(expect.arrayContaining(['strand.link_objective', 'strand.unlink_objective']));
    await deleteObjective(db, head, o1.id);
    expect(await db.select().from(objectives).where(eq(objectives.id, o1.id))).toEqual([]);
  });

  it('every row renumbered by another row’s insertion, move or removal shows the change in its own history, broadcast after commit', async () => {
    const { plan, o1, o2, strand, action, otherAction } = await freshPlan();
    const head = people.head_teacher;
    /** An entity's history as [verb, before, after] of its number or position. */
    const numbers = async (id: string) =>
      (await eventsOf(id)).flatMap((e) => e.changes.filter((c) => c.field === 'number' || c.field === 'position').map((c) => [e.verb, c.before, c.after]));

    // Objectives: inserted at 1, moved to the end, one removed.
    const o3 = await createObjective(db, head, plan.id, { text: 'Third', number: 1 });
    await updateObjective(db, head, o3.id, { version: o3.version, number: 3 });
    const heard: string[][] = [];
    const stop = onCommitted((changes) => heard.push(changes.map((c) => `${c.verb} ${c.entityId === o3.id ? 'o3' : c.entityId === o2.id ? 'o2' : '?'}`)));
    await deleteObjective(db, head, o2.id);
    stop();
    expect(await numbers(o1.id)).toEqual([
      ['objective.create', null, 1],
      ['objective.renumber', 1, 2],
      ['objective.renumber', 2, 1],
    ]);
    expect(await numbers(o3.id)).toEqual([
      ['objective.create', null, 1],
      ['objective.move', 1, 3],
      ['objective.renumber', 3, 2],
    ]);
    // One commit: the renumbered objective first, then the removal that caused it.
    expect(heard).toEqual([['objective.renumber o3', 'objective.delete o2']]);
    const [renumbered] = (await eventsOf(o3.id)).filter((e) => e.verb === 'objective.renumber');
    expect(renumbered).toMatchObject({ actorUserId: head.id, planId: plan.id, entityType: 'objective', data: {} });

    // Strands: one inserted first, then removed.
    const first = await createStrand(db, head, plan.id, { title: 'Transition', position: 1 });
    await deleteStrand(db, head, first.id);
    expect(await numbers(strand.id)).toEqual([
      ['strand.create', null, 1],
      ['strand.renumber', 1, 2],
      ['strand.renumber', 2, 1],
    ]);
    expect((await eventsOf(strand.id)).find((e) => e.verb === 'strand.renumber')).toMatchObject({ strandId: strand.id, entityType: 'strand' });

    // Actions: one inserted first, one removed, one moved.
    const a3 = await createAction(db, head, strand.id, { text: 'Visit each other’s schools', position: 1 });
    await deleteAction(db, head, action.id);
    await updateAction(db, head, a3.id, { version: a3.version, position: 2 });
    expect(await numbers(otherAction.id)).toEqual([
      ['action.create', null, 2],
      ['action.renumber', 2, 3],
      ['action.renumber', 3, 2],
      ['action.renumber', 2, 1],
    ]);
    expect(await numbers(a3.id)).toEqual([
      ['action.create', null, 1],
      ['action.move', 1, 2],
    ]);
    expect((await eventsOf(otherAction.id)).find((e) => e.verb === 'action.renumber')).toMatchObject({ strandId: strand.id, entityType: 'action' });

    // Each row's history panel shows it, none of it restorable, and the chain still verifies.
    const panel = await getPlanHistory(db, head, plan.id, { entity: `objective:${o1.id}` });
    expect(panel.events.map((e) => [e.verb, e.changes.map((c) => [c.field, c.before, c.after, c.restorable])])).toEqual([
      ['objective.renumber', [['number', 2, 1, false]]],
      ['objective.renumber', [['number', 1, 2, false]]],
      ['objective.create', [['text', null, 'Work together for good.', false], ['number', null, 1, false]]],
    ]);
    expect(await verifyChain(db, partnershipId)).toMatchObject({ ok: true });
  });

  it('text being co-edited live is not overwritten through the form API', async () => {
    const { plan, strand } = await freshPlan();
    await db.insert(collabDocuments).values({ name: `strand:${strand.id}:keyObjective`, planId: plan.id });
    await expect(updateStrand(db, people.head_teacher, strand.id, { version: strand.version, keyObjective: '<p>From a form</p>' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/co-edited live/),
    });
    // The copy-back from the live document itself goes through, and so does the field nobody opened.
    await expect(updateStrand(db, people.head_teacher, strand.id, { version: strand.version, keyObjective: '<p>Typed live</p>' }, { fromLiveDocument: true })).resolves.toMatchObject({ keyObjective: '<p>Typed live</p>' });
    const fresh = (await getPlanView(db, people.head_teacher, plan.id)).strands[0];
    await expect(updateStrand(db, people.head_teacher, strand.id, { version: fresh.version, intendedImpact: '<p>Not live yet</p>' })).resolves.toMatchObject({ intendedImpact: '<p>Not live yet</p>' });
  });

  it('rich text is sanitized through the editor schema before it is stored', async () => {
    const { strand } = await freshPlan();
    const saved = await updateStrand(db, people.head_teacher, strand.id, {
      version: strand.version,
      keyObjective: '<p onclick="steal()">Keep <strong>this</strong><script>alert(1)</script></p><img src=x onerror=alert(1)>',
    });
    expect(saved.keyObjective).toBe('<p>Keep <strong>this</strong></p>');
  });

  it('impact entries are never silently rewritten: edits keep the old wording in history, withdrawal keeps the entry', async () => {
    const { strand } = await freshPlan();
    const staff = people.staff;
    const entry = await createImpactEntry(db, staff, strand.id, { body: '<p>Both schools now use one checklist.</p>', date: '2025-11-03' });
    expect(entry).toMatchObject({ author: staff.name, authorId: staff.id, date: '2025-11-03' });
    const edited = await updateImpactEntry(db, staff, entry.id, { version: entry.version, body: '<p>Both schools now use one shared checklist.</p>' });
    const withdrawn = await updateImpactEntry(db, staff, entry.id, { version: edited.version, withdrawn: true, withdrawnReason: 'Logged twice' });
    expect(withdrawn).toMatchObject({ withdrawn: true, withdrawnReason: 'Logged twice' });
    expect(await db.select().from(impactEntries).where(eq(impactEntries.id, entry.id))).toHaveLength(1);
    const history = await eventsOf(entry.id);
    expect(history.map((e) => e.verb)).toEqual(['impact.create', 'impact.update', 'impact.withdraw']);
    expect(history[1].changes).toEqual([{ field: 'body', before: '<p>Both schools now use one checklist.</p>', after: '<p>Both schools now use one shared checklist.</p>' }]);
    await expect(updateImpactEntry(db, staff, entry.id, { version: withdrawn.version, body: '<p>x</p>' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createImpactEntry(db, staff, strand.id, { body: '<script>alert(1)</script>' })).rejects.toMatchObject({ details: { fields: { body: expect.any(String) } } });
  });

  it('removing a strand keeps a full copy of it in the audit trail, and is refused while it holds impact', async () => {
    const { plan, strand, action } = await freshPlan();
    const entry = await createImpactEntry(db, people.head_teacher, strand.id, { body: '<p>Evidence kept</p>' });
    await expect(deleteStrand(db, people.head_teacher, strand.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/impact logged/) });
    expect(await db.select().from(impactEntries).where(eq(impactEntries.id, entry.id))).toHaveLength(1);
    await db.delete(impactEntries).where(eq(impactEntries.id, entry.id));
    await deleteStrand(db, people.head_teacher, strand.id, strand.version);
    expect(await db.select().from(strands).where(eq(strands.planId, plan.id))).toEqual([]);
    expect(await db.select().from(strandObjectives).where(eq(strandObjectives.strandId, strand.id))).toEqual([]);
    const [deleted] = (await eventsOf(strand.id)).filter((e) => e.verb === 'strand.delete');
    expect(JSON.stringify(deleted.data)).toContain(action.text);
  });

  it('a plan carries the version a PATCH sends back, and its lineage number as versionNumber', async () => {
    const { plan } = await freshPlan();
    const head = people.head_teacher;
    const read = await getPlanView(db, head, plan.id);
    expect(read).toMatchObject({ version: 1, versionNumber: 1 });
    expect(read).not.toHaveProperty('revision');
    const renamed = await updatePlan(db, head, plan.id, { version: read.version, title: 'Renamed once' });
    expect(renamed).toMatchObject({ version: 2, versionNumber: 1, title: 'Renamed once' });
    // Sending back what the first read said is stale; the 409's current is the version to retry with.
    const stale = await updatePlan(db, head, plan.id, { version: read.version, title: 'Renamed twice' }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'conflict', current: { version: 2, versionNumber: 1, title: 'Renamed once' } });
    expect((await getPlanView(db, head, plan.id)).version).toBe(2);
    expect(await archivePlan(db, head, plan.id, { version: 2 })).toMatchObject({ version: 3, versionNumber: 1, status: 'archived' });
  });

  it('a ratified or archived plan is read-only', async () => {
    const { plan, action } = await freshPlan();
    const head = people.head_teacher;
    const archived = await archivePlan(db, head, plan.id, { version: 1 });
    expect(archived.status).toBe('archived');
    await expect(updateAction(db, head, action.id, { version: action.version, text: 'Too late' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/archived/) });
    await expect(updatePlan(db, head, plan.id, { version: archived.version, title: 'New' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('who may do what, through the commands', () => {
  it('a subject lead edits the actions they own and the strand they lead, and no other action', async () => {
    const { plan, strand, action, otherAction } = await freshPlan();
    const lead = people.subject_lead;
    await expect(updateAction(db, lead, action.id, { version: action.version, status: 'done' })).resolves.toMatchObject({ status: 'done' });
    await expect(updateStrand(db, lead, strand.id, { version: strand.version, title: 'Safeguarding and welfare' })).resolves.toMatchObject({ title: 'Safeguarding and welfare' });
    // Another lead's action in a strand they do not lead.
    const otherStrand = await createStrand(db, people.head_teacher, plan.id, { title: 'Maths', leadUserId: people.otherLead.id });
    const theirs = await createAction(db, people.head_teacher, otherStrand.id, { text: 'Maths leads to meet', ownerUserId: people.otherLead.id });
    await expect(updateAction(db, lead, theirs.id, { version: theirs.version, text: 'Mine now' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateStrand(db, lead, otherStrand.id, { version: otherStrand.version, title: 'X' })).rejects.toMatchObject({ code: 'forbidden' });
    // Structure stays with the plan editors.
    await expect(updateStrand(db, lead, strand.id, { version: strand.version + 1, position: 2 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createObjective(db, lead, plan.id, { text: 'Mine' })).rejects.toMatchObject({ code: 'forbidden' });
    // In the strand they lead they may edit the other lead's action (lead of the strand).
    await expect(updateAction(db, lead, otherAction.id, { version: otherAction.version, status: 'in_progress' })).resolves.toMatchObject({ status: 'in_progress' });
    await expect(createImpactEntry(db, lead, otherStrand.id, { body: '<p>Impact anywhere</p>' })).resolves.toMatchObject({ authorId: lead.id });
    const permissions = planPermissions(lead, await getPlanView(db, lead, plan.id));
    expect(permissions.update).toBe(false);
    expect(permissions.strands[strand.id].update).toBe(true);
    expect(permissions.strands[otherStrand.id].update).toBe(false);
    expect(permissions.actions[theirs.id].update).toBe(false);
    expect(permissions.createImpact).toBe(true);
  });

  it('governors, JCC members, chairs and viewers read only; staff add impact and edit only their own', async () => {
    const { plan, strand, action } = await freshPlan();
    for (const role of ['governor', 'jcc_member', 'viewer', 'chair_of_governors'] as const) {
      const actor = people[role];
      await expect(updateAction(db, actor, action.id, { version: action.version, text: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(createImpactEntry(db, actor, strand.id, { body: '<p>x</p>' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(createStrand(db, actor, plan.id, { title: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(deleteAction(db, actor, action.id)).rejects.toMatchObject({ code: 'forbidden' });
      const permissions = planPermissions(actor, await getPlanView(db, actor, plan.id));
      expect(permissions).toMatchObject({ update: false, createImpact: false, readHistory: true });
    }
    const headEntry = await createImpactEntry(db, people.head_teacher, strand.id, { body: '<p>By the head</p>' });
    await expect(updateImpactEntry(db, people.staff, headEntry.id, { version: 1, body: '<p>Rewritten</p>' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateAction(db, people.staff, action.id, { version: action.version, text: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('anything of another partnership is a 404, as for a missing id', async () => {
    const { plan, o1, strand, action } = await freshPlan();
    const foreign = people.foreignHead;
    const attempts = [
      () => updatePlan(db, foreign, plan.id, { version: 1, title: 'x' }),
      () => createObjective(db, foreign, plan.id, { text: 'x' }),
      () => updateObjective(db, foreign, o1.id, { version: 1, text: 'x' }),
      () => deleteObjective(db, foreign, o1.id),
      () => createStrand(db, foreign, plan.id, { title: 'x' }),
      () => updateStrand(db, foreign, strand.id, { version: 1, title: 'x' }),
      () => deleteStrand(db, foreign, strand.id),
      () => createAction(db, foreign, strand.id, { text: 'x' }),
      () => updateAction(db, foreign, action.id, { version: 1, text: 'x' }),
      () => deleteAction(db, foreign, action.id),
      () => createImpactEntry(db, foreign, strand.id, { body: '<p>x</p>' }),
      () => updateAction(db, people.head_teacher, 'not-an-id', { version: 1, text: 'x' }),
      () => updateAction(db, people.head_teacher, '00000000-0000-4000-8000-000000000000', { version: 1, text: 'x' }),
    ];
    // One at a time: each attempt starts only when the previous refusal has been checked.
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'not_found' });
    expect((await getPlanView(db, people.head_teacher, plan.id)).strands[0].actions[0].text).toBe(action.text);
  });
});
