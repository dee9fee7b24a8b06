import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type Db, setDatabase } from '@/db/client';
import { auditEvents, plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { CSV_BOM, exportPlanHistory } from '@/lib/audit/export';
import { createAction } from '@/lib/commands/create-action';
import { createImpactEntry } from '@/lib/commands/create-impact-entry';
import { createObjective } from '@/lib/commands/create-objective';
import { createStrand } from '@/lib/commands/create-strand';
import { updateAction } from '@/lib/commands/update-action';
import { updateImpactEntry } from '@/lib/commands/update-impact-entry';
import { updateObjective } from '@/lib/commands/update-objective';
import { updatePlan } from '@/lib/commands/update-plan';
import { updateStrand } from '@/lib/commands/update-strand';
import { AppError } from '@/lib/errors';
import { type HistoryEventView, type HistoryFiltersInput, getHistoryPeople, getPlanHistory } from '@/lib/queries/history';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

// Route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));
const historyRoute = await import('@/app/api/v1/plans/[id]/history/route');
const exportRoute = await import('@/app/api/v1/plans/[id]/history/export/route');
const peopleRoute = await import('@/app/api/v1/plans/[id]/history/people/route');

const testDb = useTestDatabase();
let db: Db;
type Fixture = {
  plan: { id: string; title: string };
  otherPlan: { id: string };
  head: Actor;
  lead: Actor;
  viewer: Actor;
  outsider: Actor;
  leadSchoolName: string;
  objective: { id: string };
  strandA: { id: string };
  strandB: { id: string };
  actionA: { id: string };
  actionB: { id: string };
  impact: { id: string };
};
let t: Fixture;

/** Runs a change as if it happened at `iso` (only Date is faked: the database keeps its timers). */
async function at<T>(iso: string, change: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
  try {
    return await change();
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  db = testDb().db;
  setDatabase(testDb());
  const { partnership, schools } = await createPartnership(db, {
    schools: [
      { shortCode: 'BR', name: `Bank Road Infants ${crypto.randomUUID().slice(0, 6)}` },
      { shortCode: 'WL', name: `William Lilley Infants ${crypto.randomUUID().slice(0, 6)}` },
    ],
  });
  const { partnership: other } = await createPartnership(db);
  const head = (await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: schools[0].id }], { name: 'Ann Head' })).actor;
  const lead = (await createUser(db, [{ partnershipId: partnership.id, role: 'subject_lead', schoolId: schools[1].id, subject: 'English' }], { name: 'Len Lead' })).actor;
  const viewer = (await createUser(db, [{ partnershipId: partnership.id, role: 'viewer' }])).actor;
  const outsider = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }])).actor;

  const [plan] = await db.insert(plans).values({ partnershipId: partnership.id, lineageId: crypto.randomUUID(), title: 'Collaboration, "Action" Plan', academicYear: 2025 }).returning();
  const [otherPlan] = await db.insert(plans).values({ partnershipId: partnership.id, lineageId: crypto.randomUUID(), title: 'Another plan', academicYear: 2025 }).returning();

  // Set-up, all on 5 January 2025.
  const made = await at('2025-01-05T09:00:00Z', async () => {
    const objective = await createObjective(db, head, plan.id, { text: 'Work together for good.' });
    const strandA = await createStrand(db, head, plan.id, { title: 'Safeguarding', leadUserId: lead.id });
    const strandB = await createStrand(db, head, plan.id, { title: 'CPD' });
    const actionA = await createAction(db, head, strandA.id, { text: 'Peer review of safeguarding', ownerUserId: lead.id });
    const actionB = await createAction(db, head, strandB.id, { text: 'Joint INSET day' });
    const impact = await createImpactEntry(db, lead, strandA.id, { body: '<p>One checklist in both schools.</p>', date: '2025-01-04' });
    const elsewhere = await createObjective(db, head, otherPlan.id, { text: 'Not this plan.' });
    await updateObjective(db, head, elsewhere.id, { version: elsewhere.version, text: 'Still not this plan.' });
    return { objective, strandA, strandB, actionA, actionB, impact };
  });
  // The edits the filters tell apart.
  await at('2025-03-10T10:00:00Z', () => updatePlan(db, head, plan.id, { version: 1, title: 'Collaboration, "Action" Plan 2025' }));
  // 23:30 UTC on 10 June is 00:30 on 11 June in the UK (BST).
  await at('2025-06-10T23:30:00Z', () => updateAction(db, lead, made.actionA.id, { version: 1, text: 'Peer review of safeguarding, termly' }));
  await at('2025-06-11T12:00:00Z', () => updateStrand(db, head, made.strandB.id, { version: 1, title: 'CPD and INSET' }));
  await at('2025-06-12T09:00:00Z', () => updateAction(db, head, made.actionB.id, { version: 1, rag: 'red', ragReason: 'No date agreed' }));
  await at('2025-06-13T09:00:00Z', () => updateImpactEntry(db, lead, made.impact.id, { version: 1, body: '<p>One checklist, used weekly.</p>' }));
  await at('2025-06-14T09:00:00Z', () => updateObjective(db, head, made.objective.id, { version: 1, text: 'Work together for every child.' }));
  t = { plan, otherPlan, head, lead, viewer, outsider, leadSchoolName: schools[1].name, ...made };
});

const history = (actor: Actor, filters: HistoryFiltersInput = {}) => getPlanHistory(db, actor, t.plan.id, filters);
const verbsOf = (events: HistoryEventView[]) => events.map((e) => e.verb);
const idsOf = (events: HistoryEventView[]) => events.map((e) => e.entityId);

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error instanceof AppError ? error : null;
}

describe('a plan’s history', () => {
  it('lists every event of the plan, newest first, shaped for clients, and nothing of other plans', async () => {
    const { events, nextCursor } = await history(t.head);
    const stored = await db.select().from(auditEvents).where(eq(auditEvents.planId, t.plan.id));
    expect(events).toHaveLength(stored.length);
    expect(nextCursor).toBeNull();
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => b - a));
    expect(verbsOf(events).slice(0, 2)).toEqual(['objective.update', 'impact.update']);
    expect(events.some((e) => e.changes.some((c) => c.after === 'Still not this plan.'))).toBe(false);
    const edit = events.find((e) => e.verb === 'action.update' && e.entityId === t.actionA.id);
    expect(edit).toEqual({
      id: expect.any(String),
      seq: expect.any(Number),
      at: '2025-06-10T23:30:00.000Z',
      actor: { name: 'Len Lead', email: t.lead.email, school: t.leadSchoolName, role: 'subject_lead' },
      verb: 'action.update',
      entityType: 'action',
      entityId: t.actionA.id,
      changes: [{ field: 'text', before: 'Peer review of safeguarding', after: 'Peer review of safeguarding, termly', restorable: true }],
      restoredFrom: null,
    });
    // No IP address or user agent reaches a client.
    expect(JSON.stringify(events)).not.toContain('203.0.113.7');
    // A creation has nothing earlier to go back to.
    expect(events.find((e) => e.verb === 'action.create')?.changes.every((c) => !c.restorable)).toBe(true);
    expect((await history(t.head, { entity: 'plan' })).events).toEqual(events);
    // A reader sees the same events, with no change offered for restoring.
    const asViewer = (await history(t.viewer)).events;
    expect(asViewer.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(asViewer.every((e) => e.changes.every((c) => !c.restorable))).toBe(true);
  });

  it('entity=strand:<id> holds the strand’s own events and those of its actions and impact entries', async () => {
    const { events } = await history(t.head, { entity: `strand:${t.strandA.id}` });
    expect(new Set(idsOf(events))).toEqual(new Set([t.strandA.id, t.actionA.id, t.impact.id]));
    expect(verbsOf(events)).toEqual(['impact.update', 'action.update', 'impact.create', 'action.create', 'strand.create']);
  });

  it('entity=action:, objective: and impact: hold that one item’s events', async () => {
    expect(verbsOf((await history(t.head, { entity: `action:${t.actionB.id}` })).events)).toEqual(['action.update', 'action.create']);
    expect(idsOf((await history(t.head, { entity: `objective:${t.objective.id}` })).events)).toEqual([t.objective.id, t.objective.id]);
    expect(verbsOf((await history(t.head, { entity: `impact:${t.impact.id}` })).events)).toEqual(['impact.update', 'impact.create']);
    // An item of another plan is simply not in this plan's history.
    expect((await history(t.head, { entity: `strand:${crypto.randomUUID()}` })).events).toEqual([]);
  });

  it('filters by person (id or email, any case) and by school (part of its name, any case)', async () => {
    const byId = await history(t.head, { actor: t.lead.id });
    expect(byId.events.length).toBeGreaterThan(0);
    expect(byId.events.every((e) => e.actor.name === 'Len Lead')).toBe(true);
    expect((await history(t.head, { actor: t.lead.email.toUpperCase() })).events).toEqual(byId.events);
    expect(verbsOf(byId.events)).toEqual(['impact.update', 'action.update', 'impact.create']);
    const bySchool = await history(t.head, { school: 'WILLIAM lilley' });
    expect(bySchool.events).toEqual(byId.events);
    expect((await history(t.head, { school: '%' })).events).toEqual([]);
  });

  it('filters by UK calendar days, both ends included', async () => {
    const day = await history(t.head, { from: '2025-06-11', to: '2025-06-11' });
    // The lead's edit at 23:30 UTC on 10 June happened on 11 June in the UK.
    expect(verbsOf(day.events)).toEqual(['strand.update', 'action.update']);
    expect(verbsOf((await history(t.head, { from: '2025-06-13' })).events)).toEqual(['objective.update', 'impact.update']);
    expect(verbsOf((await history(t.head, { to: '2025-03-10' })).events)[0]).toBe('plan.update');
    expect((await history(t.head, { from: '2025-03-10', to: '2025-03-10' })).events.map((e) => e.entityType)).toEqual(['plan']);
  });

  it('pages with limit and the before cursor, newest first, without gaps or repeats', async () => {
    const all = (await history(t.head)).events;
    const seen: HistoryEventView[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await history(t.head, { limit: 3, before });
      expect(page.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.events);
      if (page.nextCursor === null) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(all);
    // Query strings arrive as text.
    expect((await history(t.head, { limit: '2' })).events).toEqual(all.slice(0, 2));
  });

  it('refuses bad filters with 400 naming each field', async () => {
    const error = await refusal(
      history(t.head, { entity: 'strand:nope', actor: 'someone', from: '2025-02-30', limit: '5000', before: '-1', school: 'x'.repeat(201) }),
    );
    expect(error?.httpStatus).toBe(400);
    expect(Object.keys(z.object({ fields: z.record(z.string(), z.string()) }).parse(error?.details).fields).sort()).toEqual(
      ['actor', 'before', 'entity', 'from', 'limit', 'school'].sort(),
    );
    const backwards = await refusal(history(t.head, { from: '2025-06-12', to: '2025-06-11' }));
    expect(backwards?.details).toEqual({ fields: { to: 'The end date is before the start date.' } });
  });

  it('is a 404 for another partnership, exactly as for a missing or malformed id', async () => {
    const foreign = await refusal(history(t.outsider));
    const missing = await refusal(getPlanHistory(db, t.head, crypto.randomUUID()));
    const malformed = await refusal(getPlanHistory(db, t.head, 'not-an-id'));
    for (const e of [foreign, missing, malformed]) expect({ code: e?.code, message: e?.message }).toEqual({ code: 'not_found', message: 'Plan was not found.' });
    expect((await refusal(getHistoryPeople(db, t.outsider, t.plan.id)))?.code).toBe('not_found');
  });

  it('names the people who appear in the history, the partnership’s schools, members and objectives', async () => {
    const people = await getHistoryPeople(db, t.viewer, t.plan.id);
    expect(people.people).toEqual([
      { value: t.head.id, name: 'Ann Head', email: t.head.email },
      { value: t.lead.id, name: 'Len Lead', email: t.lead.email },
    ]);
    expect(people.schools.map((s) => s.shortCode).sort()).toEqual(['BR', 'WL']);
    expect(people.members.map((m) => m.id)).toEqual(expect.arrayContaining([t.head.id, t.lead.id, t.viewer.id]));
    expect(people.members.map((m) => m.id)).not.toContain(t.outsider.id);
    expect(people.objectives).toEqual([{ id: t.objective.id, number: 1 }]);
  });
});

/** The text of a download, keeping its byte order mark (Response.text() would drop it). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

/** CSV text into rows, per RFC 4180 (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('exporting the history', () => {
  it('CSV: BOM, a header row, one row per changed field, with the same filters as the list', async () => {
    const file = await exportPlanHistory(db, t.viewer, t.plan.id, { entity: `action:${t.actionB.id}` }, 'csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.contentDisposition).toBe(
      `attachment; filename="Collaboration, _Action_ Plan 2025-history.csv"; filename*=UTF-8''Collaboration%2C%20_Action_%20Plan%202025-history.csv`,
    );
    const text = await readAll(file.body);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['Event id', 'Sequence', 'When (UTC)', 'When (UK time)', 'Who', 'Email', 'Role', 'School', 'What', 'Entity type', 'Entity id', 'Field', 'Before', 'After', 'Restored from (event id)']);
    const rag = rows.filter((r) => r[8] === 'action.update').map((r) => [r[3], r[4], r[11], r[12], r[13]]);
    expect(rag).toEqual([
      ['12/06/2025, 10:00:00', 'Ann Head', 'rag', '', 'red'],
      ['12/06/2025, 10:00:00', 'Ann Head', 'ragReason', '', 'No date agreed'],
    ]);
    expect(rows.slice(1).every((r) => r[10] === t.actionB.id)).toBe(true);
  });

  it('JSON: every event (all pages), as the list shows them', async () => {
    const file = await exportPlanHistory(db, t.head, t.plan.id, {}, 'json');
    const body = z
      .object({ plan: z.object({ id: z.string(), title: z.string() }), exportedAt: z.string(), filters: z.object({}).passthrough(), events: z.array(z.object({ id: z.string() }).passthrough()) })
      .parse(JSON.parse(await readAll(file.body)));
    const all = (await history(t.head, { limit: 1000 })).events;
    expect(body.plan).toEqual({ id: t.plan.id, title: 'Collaboration, "Action" Plan 2025' });
    expect(body.events.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(body.events[0]).toEqual({ ...all[0], changes: all[0].changes.map(({ field, before, after }) => ({ field, before, after })) });
  });

  it('refuses another partnership before anything is streamed', async () => {
    expect((await refusal(exportPlanHistory(db, t.outsider, t.plan.id, {}, 'csv')))?.code).toBe('not_found');
  });
});

describe('the history routes', () => {
  const BASE = 'http://localhost:3100';
  const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
  const get = (path: string) => new Request(`${BASE}${path}`, { headers: { host: 'localhost:3100' } });
  const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.object({ fields: z.record(z.string(), z.string()) }).optional() }) });

  it('GET history: 401 without a session, 200 for a member, 404 outside, 400 with field errors', async () => {
    session.actor = null;
    expect((await historyRoute.GET(get(`/api/v1/plans/${t.plan.id}/history`), ctx(t.plan.id))).status).toBe(401);

    session.actor = t.viewer;
    const ok = await historyRoute.GET(get(`/api/v1/plans/${t.plan.id}/history?entity=strand:${t.strandB.id}&actor=&limit=1`), ctx(t.plan.id));
    expect(ok.status).toBe(200);
    const body = z.object({ events: z.array(z.object({ verb: z.string() }).passthrough()), nextCursor: z.number().nullable() }).parse(await ok.json());
    // The strand's newest event is its action's RAG change.
    expect(body.events.map((e) => e.verb)).toEqual(['action.update']);
    expect(body.nextCursor).toEqual(expect.any(Number));

    const bad = await historyRoute.GET(get(`/api/v1/plans/${t.plan.id}/history?from=yesterday&limit=0`), ctx(t.plan.id));
    expect(bad.status).toBe(400);
    expect(Object.keys(errorBody.parse(await bad.json()).error.details?.fields ?? {}).sort()).toEqual(['from', 'limit']);

    session.actor = t.outsider;
    const hidden = await historyRoute.GET(get(`/api/v1/plans/${t.plan.id}/history`), ctx(t.plan.id));
    expect(hidden.status).toBe(404);
  });

  it('GET export: a CSV or JSON attachment; another format is a 400', async () => {
    session.actor = t.viewer;
    const csv = await exportRoute.GET(get(`/api/v1/plans/${t.plan.id}/history/export?format=csv&from=2025-06-12`), ctx(t.plan.id));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="Collaboration, _Action_ Plan 2025-history\.csv"/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const json = await exportRoute.GET(get(`/api/v1/plans/${t.plan.id}/history/export?format=json`), ctx(t.plan.id));
    expect(json.headers.get('content-disposition')).toMatch(/history\.json"/);
    expect((await exportRoute.GET(get(`/api/v1/plans/${t.plan.id}/history/export?format=xml`), ctx(t.plan.id))).status).toBe(400);
    session.actor = t.outsider;
    expect((await exportRoute.GET(get(`/api/v1/plans/${t.plan.id}/history/export`), ctx(t.plan.id))).status).toBe(404);
  });

  it('GET people: members only', async () => {
    session.actor = t.lead;
    const ok = await peopleRoute.GET(get('/'), ctx(t.plan.id));
    expect(ok.status).toBe(200);
    expect(z.object({ people: z.array(z.object({ name: z.string() }).passthrough()) }).parse(await ok.json()).people.map((p) => p.name)).toEqual(['Ann Head', 'Len Lead']);
    session.actor = t.outsider;
    expect((await peopleRoute.GET(get('/'), ctx(t.plan.id))).status).toBe(404);
  });
});
