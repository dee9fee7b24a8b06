import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type Db, setDatabase } from '@/db/client';
import { actions, auditEvents, impactEntries, plans, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createAction } from '@/lib/commands/create-action';
import { createImpactEntry } from '@/lib/commands/create-impact-entry';
import { createObjective } from '@/lib/commands/create-objective';
import { createStrand } from '@/lib/commands/create-strand';
import { deleteAction } from '@/lib/commands/delete-action';
import { restoreValue } from '@/lib/commands/restore-value';
import { updateAction } from '@/lib/commands/update-action';
import { updateImpactEntry } from '@/lib/commands/update-impact-entry';
import { updatePlan } from '@/lib/commands/update-plan';
import { updateStrand } from '@/lib/commands/update-strand';
import { eventHash } from '@/lib/audit/events';
import { verifyChain } from '@/lib/audit/verify';
import { AppError } from '@/lib/errors';
import { getPlanHistory } from '@/lib/queries/history';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));
const restoreRoute = await import('@/app/api/v1/audit-events/[id]/restore/route');

const testDb = useTestDatabase();
let db: Db;
let partnershipId: string;
const people: { [name: string]: Actor } = {};

beforeAll(async () => {
  db = testDb().db;
  setDatabase(testDb());
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }] });
  partnershipId = partnership.id;
  people.head = (await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: schools[0].id }], { name: 'Ann Head' })).actor;
  people.otherHead = (await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: schools[0].id }], { name: 'Bea Head' })).actor;
  people.viewer = (await createUser(db, [{ partnershipId, role: 'viewer' }])).actor;
  const { partnership: other } = await createPartnership(db);
  people.outsider = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }])).actor;
});

async function freshPlan() {
  const [plan] = await db.insert(plans).values({ partnershipId, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2025 }).returning();
  const objective = await createObjective(db, people.head, plan.id, { text: 'Work together for good.' });
  const strand = await createStrand(db, people.head, plan.id, { title: 'Safeguarding', keyObjective: '<p>Keep every child safe.</p>' });
  const action = await createAction(db, people.head, strand.id, { text: 'Peer review of safeguarding' });
  return { plan, objective, strand, action };
}

/** The newest event about an entity (optionally of one verb). */
async function lastEvent(entityId: string, verb?: string) {
  const [event] = await db
    .select()
    .from(auditEvents)
    .where(verb ? and(eq(auditEvents.entityId, entityId), eq(auditEvents.verb, verb)) : eq(auditEvents.entityId, entityId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return event;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('restoring a recorded value', () => {
  it('applies the old value as a new, versioned, audited edit by the person restoring', async () => {
    const { action } = await freshPlan();
    await updateAction(db, people.head, action.id, { version: action.version, text: 'Peer review, termly' });
    const edit = await lastEvent(action.id, 'action.update');
    const result = await restoreValue(db, people.otherHead, { eventId: edit.id, field: 'text' });
    expect(result.entityType).toBe('action');
    expect(result.entity).toMatchObject({ id: action.id, text: 'Peer review of safeguarding', version: action.version + 2 });
    const [row] = await db.select().from(actions).where(eq(actions.id, action.id));
    expect(row.text).toBe('Peer review of safeguarding');
    const restored = await lastEvent(action.id);
    // Audited as a restore, naming the change it brought back: who made it and when.
    expect(restored).toMatchObject({
      verb: 'action.restore',
      actorUserId: people.otherHead.id,
      actorName: 'Bea Head',
      changes: [{ field: 'text', before: 'Peer review, termly', after: 'Peer review of safeguarding' }],
      data: { restoredFrom: { eventId: edit.id, seq: edit.seq, verb: 'action.update', actorName: 'Ann Head', at: edit.createdAt.toISOString() } },
    });
    expect(restored.seq).toBeGreaterThan(edit.seq);
    expect(eventHash(restored.prevHash, restored)).toBe(restored.hash);
    expect((await verifyChain(db, partnershipId)).ok).toBe(true);
    // The history keeps both: the edit and its restoration, which says where its value came from.
    const { events } = await getPlanHistory(db, people.viewer, action.planId, { entity: `action:${action.id}` });
    expect(events.map((e) => [e.verb, e.restoredFrom])).toEqual([
      ['action.restore', { eventId: edit.id, seq: edit.seq, actorName: 'Ann Head', at: edit.createdAt.toISOString() }],
      ['action.update', null],
      ['action.create', null],
    ]);
    // A restore is an edit like any other: what it replaced can be restored in turn.
    const again = await restoreValue(db, people.head, { eventId: restored.id, field: 'text' });
    expect(again.entity).toMatchObject({ text: 'Peer review, termly' });
    expect((await lastEvent(action.id)).data).toMatchObject({ restoredFrom: { eventId: restored.id, actorName: 'Bea Head' } });
  });

  it('refuses (409, naming who) when the entity changed after the history was loaded, and restores when it did not', async () => {
    const { action } = await freshPlan();
    const edited = await updateAction(db, people.head, action.id, { version: action.version, text: 'Peer review, termly' });
    const edit = await lastEvent(action.id, 'action.update');
    const { headSeq } = await getPlanHistory(db, people.viewer, action.planId);
    expect(headSeq).toBe(edit.seq);
    // Someone else edits after the panel was opened: restoring would silently undo their edit.
    await updateAction(db, people.otherHead, action.id, { version: edited.version, text: 'Peer review, every half term' });
    const error = await refusal(restoreValue(db, people.head, { eventId: edit.id, field: 'text', seenSeq: headSeq }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/Bea Head changed this action after you opened its history/);
    const [row] = await db.select().from(actions).where(eq(actions.id, action.id));
    expect(row.text).toBe('Peer review, every half term');
    // With the history reloaded, the restore goes ahead.
    const reloaded = await getPlanHistory(db, people.viewer, action.planId);
    const result = await restoreValue(db, people.head, { eventId: edit.id, field: 'text', seenSeq: reloaded.headSeq });
    expect(result.entity).toMatchObject({ text: 'Peer review of safeguarding' });
  });

  it('restoring a RAG rating brings back the reason it had', async () => {
    const { action } = await freshPlan();
    const red = await updateAction(db, people.head, action.id, { version: action.version, rag: 'red', ragReason: 'No date agreed' });
    await updateAction(db, people.head, action.id, { version: red.version, rag: 'green' });
    const toGreen = await lastEvent(action.id, 'action.update');
    expect(toGreen.changes.map((c) => c.field)).toEqual(['rag', 'ragReason']);
    await restoreValue(db, people.head, { eventId: toGreen.id, field: 'rag' });
    const [row] = await db.select().from(actions).where(eq(actions.id, action.id));
    expect([row.rag, row.ragReason]).toEqual(['red', 'No date agreed']);
  });

  it('restores plan, strand (rich text) and impact fields through their own commands', async () => {
    const { plan, strand } = await freshPlan();
    await updatePlan(db, people.head, plan.id, { version: 1, title: 'Renamed plan' });
    expect((await restoreValue(db, people.head, { eventId: (await lastEvent(plan.id, 'plan.update')).id, field: 'title' })).entityType).toBe('plan');
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0]).toMatchObject({ title: 'Collaboration Action Plan', revision: 3 });
    expect((await lastEvent(plan.id)).verb).toBe('plan.restore');

    await updateStrand(db, people.head, strand.id, { version: strand.version, keyObjective: '<p>Keep every child safe, every day.</p>' });
    await restoreValue(db, people.head, { eventId: (await lastEvent(strand.id, 'strand.update')).id, field: 'keyObjective' });
    expect((await db.select().from(strands).where(eq(strands.id, strand.id)))[0].keyObjective).toBe('<p>Keep every child safe.</p>');
    expect((await lastEvent(strand.id)).verb).toBe('strand.restore');

    const entry = await createImpactEntry(db, people.head, strand.id, { body: '<p>One checklist.</p>' });
    await updateImpactEntry(db, people.head, entry.id, { version: entry.version, body: '<p>One checklist, weekly.</p>', evidenceUrl: 'https://example.org/a' });
    await restoreValue(db, people.head, { eventId: (await lastEvent(entry.id, 'impact.update')).id, field: 'evidenceUrl' });
    const [row] = await db.select().from(impactEntries).where(eq(impactEntries.id, entry.id));
    expect([row.body, row.evidenceUrl]).toEqual(['<p>One checklist, weekly.</p>', null]);
    expect((await lastEvent(entry.id)).verb).toBe('impact.restore');
  });

  it('refuses, saying why, what is not a field edit: creations, links, withdrawals, other fields', async () => {
    const { objective, strand, action } = await freshPlan();
    const creation = await refusal(restoreValue(db, people.head, { eventId: (await lastEvent(action.id, 'action.create')).id, field: 'text' }));
    expect([creation.httpStatus, creation.message]).toEqual([400, 'This change created the action: there was no earlier value to go back to.']);

    await updateStrand(db, people.head, strand.id, { version: strand.version, objectiveIds: [objective.id] });
    const link = await refusal(restoreValue(db, people.head, { eventId: (await lastEvent(strand.id, 'strand.link_objective')).id, field: 'objective' }));
    expect(link.httpStatus).toBe(400);
    expect(link.message).toMatch(/linking or unlinking the objective again/);

    const entry = await createImpactEntry(db, people.head, strand.id, { body: '<p>Evidence.</p>' });
    await updateImpactEntry(db, people.head, entry.id, { version: entry.version, withdrawn: true });
    const withdrawal = await refusal(restoreValue(db, people.head, { eventId: (await lastEvent(entry.id, 'impact.withdraw')).id, field: 'withdrawn' }));
    expect(withdrawal.message).toMatch(/withdrawn impact entry stays withdrawn/);

    await updateAction(db, people.head, action.id, { version: action.version, text: 'Changed' });
    const untouched = await refusal(restoreValue(db, people.head, { eventId: (await lastEvent(action.id, 'action.update')).id, field: 'status' }));
    expect([untouched.httpStatus, untouched.message]).toEqual([400, 'This change did not touch “status”.']);
    // Nothing was written by any refusal.
    expect((await lastEvent(action.id)).verb).toBe('action.update');
  });

  it('refuses a removed item, and leaves authorization to the command (403 for a viewer)', async () => {
    const { action } = await freshPlan();
    const edited = await updateAction(db, people.head, action.id, { version: action.version, text: 'Changed' });
    const edit = await lastEvent(action.id, 'action.update');
    const forbidden = await refusal(restoreValue(db, people.viewer, { eventId: edit.id, field: 'text' }));
    expect(forbidden.httpStatus).toBe(403);
    await deleteAction(db, people.head, action.id, edited.version);
    const gone = await refusal(restoreValue(db, people.head, { eventId: edit.id, field: 'text' }));
    expect([gone.httpStatus, gone.message]).toEqual([400, 'This action has since been removed, so its earlier value cannot be restored.']);
  });

  it('is a 404 for an event of another partnership, as for a missing or malformed id', async () => {
    const { action } = await freshPlan();
    await updateAction(db, people.head, action.id, { version: action.version, text: 'Changed' });
    const edit = await lastEvent(action.id, 'action.update');
    for (const eventId of [edit.id, crypto.randomUUID(), 'nope']) {
      const error = await refusal(restoreValue(db, eventId === edit.id ? people.outsider : people.head, { eventId, field: 'text' }));
      expect([error.code, error.message]).toEqual(['not_found', 'That change was not found.']);
    }
    expect((await db.select().from(actions).where(eq(actions.id, action.id)))[0].text).toBe('Changed');
  });

  it('POST /api/v1/audit-events/:id/restore answers { entityType, entity } and 400 for a bad body', async () => {
    const { action } = await freshPlan();
    await updateAction(db, people.head, action.id, { version: action.version, status: 'done' });
    const edit = await lastEvent(action.id, 'action.update');
    const post = (body: string) =>
      restoreRoute.POST(
        new Request(`http://localhost:3100/api/v1/audit-events/${edit.id}/restore`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
        { params: Promise.resolve({ id: edit.id }) },
      );
    session.actor = null;
    expect((await post('{"field":"status"}')).status).toBe(401);
    session.actor = people.head;
    expect((await post('{"field":"status","extra":1}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    const ok = await post('{"field":"status"}');
    expect(ok.status).toBe(200);
    const body = z.object({ entityType: z.literal('action'), entity: z.object({ id: z.string(), status: z.string(), version: z.number() }).passthrough() }).parse(await ok.json());
    expect(body.entity).toMatchObject({ id: action.id, status: 'not_started', version: action.version + 2 });
    session.actor = people.viewer;
    const refused = await post('{"field":"status"}');
    expect(refused.status).toBe(403);
    expect(z.object({ error: z.object({ message: z.string() }) }).parse(await refused.json()).error.message).toBe('You do not have permission to do that.');
  });
});
