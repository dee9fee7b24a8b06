import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setDatabase } from '@/db/client';
import { auditEvents, partnerships, plans } from '@/db/schema';
import { DEFAULT_GOVERNANCE, governanceRules } from '@/lib/governance/rules';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

// The route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));

const route = await import('@/app/api/v1/partnerships/[id]/governance/route');
const { updateGovernance } = await import('@/lib/commands/update-governance');
const { getGovernanceSettings } = await import('@/lib/queries/governance-settings');
const { startReview } = await import('@/lib/commands/start-review');
const { getReviewView } = await import('@/lib/queries/reviews');

const testDb = useTestDatabase();
beforeAll(() => {
  setDatabase(testDb());
});

const BASE = 'http://localhost:3100';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const put = (id: string, body: unknown, type = 'application/json') =>
  route.PUT(
    new Request(`${BASE}/api/v1/partnerships/${id}/governance`, {
      method: 'PUT',
      headers: { 'content-type': type, host: 'localhost:3100' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    ctx(id),
  );
const get = (id: string) => route.GET(new Request(`${BASE}/api/v1/partnerships/${id}/governance`, { headers: { host: 'localhost:3100' } }), ctx(id));

type Body = {
  governance?: { rules: typeof DEFAULT_GOVERNANCE; usesDefaults: boolean; canManage: boolean; partnership: { id: string } };
  error?: { code: string; message: string; details?: { fields: Record<string, string> } };
};
const bodyOf = async (res: Response): Promise<Body> => res.json();

const valid = () => ({
  signatures: { head_teachers: ['head_teacher'], jcc: ['head_teacher', 'chair_of_governors', 'clerk'] },
  approvals: { ...DEFAULT_GOVERNANCE.approvals, meeting_schedule: 'all_boards', other: 'jcc' },
});

async function setup() {
  const { db } = testDb();
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }] });
  const { partnership: other } = await createPartnership(db);
  const br = schools[0].id;
  const people = {
    admin: (await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }])).actor,
    head: (await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: br }])).actor,
    chair: (await createUser(db, [{ partnershipId: partnership.id, role: 'chair_of_governors', schoolId: br }])).actor,
    viewer: (await createUser(db, [{ partnershipId: partnership.id, role: 'viewer' }])).actor,
    outsider: (await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }])).actor,
  };
  return { db, partnership, other, people };
}

async function storedOf(id: string) {
  const [row] = await testDb().db.select({ governance: partnerships.governance }).from(partnerships).where(eq(partnerships.id, id));
  return row.governance;
}
async function eventsOf(id: string) {
  return testDb().db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
}

describe('governance rules settings', () => {
  it('every member reads the rules (defaults until changed); only the partnership admin may change them (not one school’s head)', async () => {
    const { partnership, people } = await setup();
    for (const [who, manages] of [
      [people.admin, true],
      [people.head, false],
      [people.chair, false],
      [people.viewer, false],
    ] as const) {
      session.actor = who;
      const res = await get(partnership.id);
      expect(res.status).toBe(200);
      const { governance } = await bodyOf(res);
      expect(governance).toMatchObject({ rules: DEFAULT_GOVERNANCE, usesDefaults: true, canManage: manages, partnership: { id: partnership.id } });
    }
  });

  it('the admin changes the rules: stored whole, audited with before and after, read back by everyone', async () => {
    const { partnership, people } = await setup();
    session.actor = people.admin;
    const res = await put(partnership.id, valid());
    expect(res.status).toBe(200);
    expect((await bodyOf(res)).governance).toMatchObject({ rules: valid(), usesDefaults: false });
    expect(governanceRules(await storedOf(partnership.id))).toEqual(valid());

    const [event] = (await eventsOf(partnership.id)).filter((e) => e.verb === 'governance.update');
    expect(event).toMatchObject({ entityType: 'partnership', actorUserId: people.admin.id, partnershipId: partnership.id });
    expect(event.changes).toEqual([
      { field: 'signatures.jcc', before: ['head_teacher', 'chair_of_governors'], after: ['head_teacher', 'chair_of_governors', 'clerk'] },
      { field: 'approvals.meeting_schedule', before: 'jcc', after: 'all_boards' },
      { field: 'approvals.other', before: 'all_boards', after: 'jcc' },
    ]);

    session.actor = people.viewer;
    expect((await bodyOf(await get(partnership.id))).governance?.rules).toEqual(valid());

    // Sending the same rules again changes nothing and writes no event.
    await updateGovernance(testDb().db, people.admin, partnership.id, valid());
    expect((await eventsOf(partnership.id)).filter((e) => e.verb === 'governance.update')).toHaveLength(1);
  });

  it('a head, chair or viewer is refused with 403; another partnership’s admin gets 404; nothing changes', async () => {
    const { partnership, people } = await setup();
    for (const who of [people.head, people.chair, people.viewer]) {
      session.actor = who;
      const res = await put(partnership.id, valid());
      expect(res.status).toBe(403);
      expect((await bodyOf(res)).error?.message).toBe('You do not have permission to do that.');
    }
    session.actor = people.outsider;
    for (const res of [await put(partnership.id, valid()), await get(partnership.id), await get('not-a-uuid')]) {
      expect(res.status).toBe(404);
      expect((await bodyOf(res)).error?.message).toBe('Partnership was not found.');
    }
    expect(await storedOf(partnership.id)).toBeNull();
    expect((await eventsOf(partnership.id)).filter((e) => e.verb === 'governance.update')).toEqual([]);
  });

  it('each bad input is a clear 400 naming the field, and changes nothing', async () => {
    const { partnership, people } = await setup();
    session.actor = people.admin;
    const base = valid();
    const cases: [unknown, string, RegExp][] = [
      [{ ...base, signatures: { ...base.signatures, jcc: [] } }, 'signatures.jcc', /at least one role/],
      [{ ...base, signatures: { ...base.signatures, head_teachers: ['head_teacher', 'head_teacher'] } }, 'signatures.head_teachers', /once/],
      [{ ...base, signatures: { ...base.signatures, jcc: ['partnership_admin'] } }, 'signatures.jcc.0', /can be signed by/],
      [{ ...base, approvals: { ...base.approvals, adopt_plan: 'parents' } }, 'approvals.adopt_plan', /Choose who approves/],
      [{ ...base, approvals: { ...base.approvals, pay_rise: 'jcc' } }, 'approvals', /Unknown field: pay_rise/],
      // Each board authorises the plan for its own school: no setting takes that away.
      [{ ...base, approvals: { ...base.approvals, adopt_plan: 'jcc' } }, 'approvals.adopt_plan', /every partner school’s board/i],
      [{ ...base, approvals: { ...base.approvals, amend_plan: 'school_board' } }, 'approvals.amend_plan', /every partner school’s board/i],
      [{ ...base, approvals: { ...base.approvals, school_leaves: 'jcc' } }, 'approvals.school_leaves', /school_board, all_boards/],
      [{ ...base, signatures: { ...base.signatures, jcc: ['jcc_member'] } }, 'signatures.jcc.0', /can be signed by/],
      [{ ...base, extra: true }, 'extra', /Unknown field: extra/],
      [{ signatures: base.signatures }, 'approvals', /who approves/],
      [[], 'body', /as an object/],
    ];
    for (const [input, field, message] of cases) {
      const res = await put(partnership.id, input);
      expect(res.status, field).toBe(400);
      const { error } = await bodyOf(res);
      expect(error?.code).toBe('validation_failed');
      expect(error?.details?.fields[field], JSON.stringify(error)).toMatch(message);
    }
    const notJson = await put(partnership.id, '{"signatures":');
    expect(notJson.status).toBe(400);
    expect((await bodyOf(notJson)).error?.message).toBe('The request body is not valid JSON.');
    expect((await put(partnership.id, valid(), 'text/plain')).status).toBe(415);
    expect(await storedOf(partnership.id)).toBeNull();
    expect((await eventsOf(partnership.id)).filter((e) => e.verb === 'governance.update')).toEqual([]);
    expect((await getGovernanceSettings(testDb().db, people.admin, partnership.id)).usesDefaults).toBe(true);
  });

  it('signed-out requests are 401', async () => {
    const { partnership } = await setup();
    session.actor = null;
    expect((await get(partnership.id)).status).toBe(401);
    expect((await put(partnership.id, valid())).status).toBe(401);
  });

  it('new rules apply to reviews started afterwards; a review already started keeps its signature lines', async () => {
    const { db, partnership, people } = await setup();
    const [plan] = await db
      .insert(plans)
      .values({ partnershipId: partnership.id, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2017 })
      .returning();
    const before = await startReview(db, people.head, plan.id, { kind: 'jcc', heldOn: '2017-11-14' });
    expect(before.lines.map((l) => l.role)).toEqual(['head_teacher', 'chair_of_governors']);

    await updateGovernance(db, people.admin, partnership.id, valid());
    const after = await startReview(db, people.head, plan.id, { kind: 'jcc', heldOn: '2017-12-05' });
    expect(after.lines.map((l) => l.role)).toEqual(['head_teacher', 'chair_of_governors', 'clerk']);
    expect((await getReviewView(db, people.head, before.id)).lines.map((l) => l.role)).toEqual(['head_teacher', 'chair_of_governors']);
  });
});
