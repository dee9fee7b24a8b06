import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, setDatabase } from '@/db/client';
import { type Action, actions, auditEvents, calendarFeeds, plans, reviews, strands, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { calendarFeedFor, calendarFeedStatus, feedEvents } from '@/lib/calendar/feed';
import { hashCalendarToken } from '@/lib/calendar/token';
import { resetCalendarFeed, turnOffCalendarFeed } from '@/lib/commands/reset-calendar-feed';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { GET as feedRoute } from '@/app/calendar/[token]/route';
import { session } from '../helpers/session';

// The route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));
const meCalendar = await import('@/app/api/v1/me/calendar/route');

const testDb = useTestDatabase();
const ORIGIN = 'https://plans.example';
let db: Db;
let partnershipId: string;
let otherPartnershipId: string;
const people: Record<'head' | 'admin' | 'lead' | 'owner' | 'governor' | 'stranger', Actor> = {} as never;

beforeAll(async () => {
  setDatabase(testDb());
  db = testDb().db;
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }] });
  partnershipId = partnership.id;
  otherPartnershipId = (await createPartnership(db)).partnership.id;
  const br = schools[0].id;
  people.head = (await createUser(db, [{ partnershipId, role: 'head_teacher', schoolId: br }])).actor;
  people.admin = (await createUser(db, [{ partnershipId, role: 'partnership_admin' }])).actor;
  people.lead = (await createUser(db, [{ partnershipId, role: 'subject_lead', schoolId: br, subject: 'SENCo' }])).actor;
  people.owner = (await createUser(db, [{ partnershipId, role: 'staff', schoolId: br }], { name: 'Olu Owner' })).actor;
  people.governor = (await createUser(db, [{ partnershipId, role: 'governor', schoolId: br }])).actor;
  people.stranger = (await createUser(db, [{ partnershipId: otherPartnershipId, role: 'head_teacher' }])).actor;
});

type Due = Partial<Pick<Action, 'dueKind' | 'dueAcademicYear' | 'dueTerm' | 'dueHalf' | 'dueDate' | 'dueTime' | 'dueLabel' | 'ownerUserId' | 'status'>>;

/** A plan of the partnership with a strand led by the lead and the given actions. */
async function planWith(items: (Due & { text: string })[], opts: { status?: 'draft' | 'archived' | 'ratified'; partnership?: string; lineageId?: string; versionNumber?: number } = {}) {
  const lineageId = opts.lineageId ?? randomUUID();
  const [plan] = await db
    .insert(plans)
    .values({
      partnershipId: opts.partnership ?? partnershipId,
      lineageId,
      versionNumber: opts.versionNumber ?? 1,
      title: 'Collaboration Action Plan',
      academicYear: 2017,
      status: opts.status ?? 'draft',
    })
    .returning();
  const [strand] = await db.insert(strands).values({ planId: plan.id, position: 1, title: 'SEN; moderation, EYFS', leadUserId: people.lead.id }).returning();
  const made: Action[] = [];
  for (const [i, item] of items.entries()) {
    const [row] = await db.insert(actions).values({ planId: plan.id, strandId: strand.id, position: i + 1, ...item }).returning();
    made.push(row);
  }
  return { plan, strand, actions: made };
}

const uidsOf = (events: { uid: string }[]) => events.map((e) => e.uid).sort();
const uid = (a: { id: string }) => `action-${a.id}@jointplan`;
const actionUids = (xs: { id: string }[]) => xs.map(uid).sort();

describe('the calendar feed address', () => {
  it('is made once, stores only its hash, audits in each of the person’s partnerships, and a reset replaces it', async () => {
    const { actor } = await createUser(db, [
      { partnershipId, role: 'viewer' },
      { partnershipId: otherPartnershipId, role: 'viewer' },
    ]);
    expect(await calendarFeedStatus(db, actor.id)).toEqual({ on: false, createdAt: null });
    const first = await resetCalendarFeed(db, actor, ORIGIN);
    const token = /^https:\/\/plans\.example\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(first.url)?.[1];
    expect(token).toBeDefined();
    const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, actor.id));
    expect(row.tokenHash).toBe(hashCalendarToken(token!));
    expect(JSON.stringify(row)).not.toContain(token!);
    expect((await calendarFeedStatus(db, actor.id)).on).toBe(true);
    expect(await calendarFeedFor(db, token!, ORIGIN)).toContain('BEGIN:VCALENDAR');

    const second = await resetCalendarFeed(db, actor, ORIGIN);
    expect(second.url).not.toBe(first.url);
    expect(await calendarFeedFor(db, token!, ORIGIN)).toBeNull();
    const newToken = second.url.split('/').pop()!.replace('.ics', '');
    expect(await calendarFeedFor(db, newToken, ORIGIN)).toContain('BEGIN:VCALENDAR');

    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, actor.id), eq(auditEvents.verb, 'calendar.reset')));
    expect(events.map((e) => e.partnershipId).sort()).toEqual([partnershipId, partnershipId, otherPartnershipId, otherPartnershipId].sort());
    expect(events.map((e) => e.changes[0])).toContainEqual({ field: 'calendarFeed', before: 'off', after: 'new address' });
    expect(events.map((e) => e.changes[0])).toContainEqual({ field: 'calendarFeed', before: 'on', after: 'new address' });
    // The address never reaches the audit trail.
    expect(JSON.stringify(events)).not.toContain(newToken);
  });

  it('turned off, the address is 404; turning off again changes nothing', async () => {
    const { actor } = await createUser(db, [{ partnershipId, role: 'viewer' }]);
    const { url } = await resetCalendarFeed(db, actor, ORIGIN);
    const segment = url.split('/').pop()!;
    const ok = await feedRoute(new Request(url), { params: Promise.resolve({ token: segment }) });
    expect(ok.status).toBe(200);
    await turnOffCalendarFeed(db, actor);
    const gone = await feedRoute(new Request(url), { params: Promise.resolve({ token: segment }) });
    expect(gone.status).toBe(404);
    expect(await calendarFeedStatus(db, actor.id)).toEqual({ on: false, createdAt: null });
    const before = await db.select().from(auditEvents).where(eq(auditEvents.entityId, actor.id));
    await turnOffCalendarFeed(db, actor);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.entityId, actor.id))).toHaveLength(before.length);
  });

  it('answers text/calendar for a good token and the same 404 for a bad, malformed or disabled one', async () => {
    const { user, actor } = await createUser(db, [{ partnershipId, role: 'viewer' }]);
    const { url } = await resetCalendarFeed(db, actor, ORIGIN);
    const segment = url.split('/').pop()!;
    const call = (token: string) => feedRoute(new Request(`${ORIGIN}/calendar/${token}`), { params: Promise.resolve({ token }) });

    const ok = await call(segment);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(ok.headers.get('cache-control')).toContain('private');
    const text = await ok.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect((await call(segment.replace('.ics', ''))).status).toBe(200);

    const bodies = new Set<string>();
    for (const bad of ['x'.repeat(43), 'short', `${segment.slice(0, -6)}AAAAAA.ics`, '../../etc/passwd']) {
      const res = await call(bad);
      expect(res.status).toBe(404);
      bodies.add(await res.text());
    }
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const disabled = await call(segment);
    expect(disabled.status).toBe(404);
    bodies.add(await disabled.text());
    expect(bodies.size).toBe(1);
  });
});

describe('what the feed holds', () => {
  it('gives heads and admins every dated action, others only what they own or lead; TBC and no due point left out', async () => {
    const { actions: [dated, timed, term, half, tbc, none, notMine] } = await planWith([
      { text: 'SENCos to meet', dueKind: 'date', dueDate: '2017-12-05', ownerUserId: people.owner.id },
      { text: 'Governors meet', dueKind: 'date', dueDate: '2018-03-14', dueTime: '18:00', ownerUserId: people.owner.id },
      { text: 'Moderation, Spring', dueKind: 'term', dueAcademicYear: 2017, dueTerm: 'spring' },
      { text: 'Phonics audit', dueKind: 'half_term', dueAcademicYear: 2017, dueTerm: 'autumn', dueHalf: 1 },
      { text: 'Visit TBC', dueKind: 'tbc', ownerUserId: people.owner.id },
      { text: 'No date', ownerUserId: people.owner.id },
      { text: 'Someone else’s', dueKind: 'date', dueDate: '2018-01-10', ownerUserId: people.governor.id },
    ]);
    const expectedAll = actionUids([dated, timed, term, half, notMine]);
    const mineOf = async (actor: Actor) => uidsOf((await feedEvents(db, actor.id, ORIGIN)).filter((e) => e.uid.startsWith('action-')));
    expect((await mineOf(people.head)).filter((u) => expectedAll.includes(u))).toEqual(expectedAll);
    expect((await mineOf(people.admin)).filter((u) => expectedAll.includes(u))).toEqual(expectedAll);
    // The strand lead sees the whole strand; the owner their own two; the governor only theirs.
    expect((await mineOf(people.lead)).filter((u) => expectedAll.includes(u))).toEqual(expectedAll);
    expect(await mineOf(people.owner)).toEqual(actionUids([dated, timed]));
    expect(await mineOf(people.governor)).toEqual(actionUids([notMine]));
    expect(await mineOf(people.stranger)).not.toContain(uid(dated));
    expect(uidsOf(await feedEvents(db, people.head.id, ORIGIN))).not.toContain(uid(tbc));
    expect(uidsOf(await feedEvents(db, people.head.id, ORIGIN))).not.toContain(uid(none));

    const events = new Map((await feedEvents(db, people.head.id, ORIGIN)).map((e) => [e.uid, e]));
    expect(events.get(uid(dated))).toMatchObject({ when: { kind: 'date', date: '2017-12-05' }, summary: 'Due: SENCos to meet', url: `${ORIGIN}/plans/${dated.planId}#action-${dated.id}` });
    expect(events.get(uid(dated))?.description).toContain('Owner: Olu Owner');
    expect(events.get(uid(timed))?.when).toEqual({ kind: 'time', date: '2018-03-14', time: '18:00' });
    // Spring 2018 ends 31 March 2018, a Saturday: the Friday before.
    expect(events.get(uid(term))?.when).toEqual({ kind: 'date', date: '2018-03-30' });
    expect(events.get(uid(term))?.description).toContain('(end of term, nominal date)');
    // Autumn 1 2017 ends 24 October 2017, a Tuesday.
    expect(events.get(uid(half))?.when).toEqual({ kind: 'date', date: '2017-10-24' });
    expect(events.get(uid(half))?.description).toContain('nominal date');
  });

  it('leaves out archived plans, and of a plan with versions only its newest that is not archived', async () => {
    const archived = await planWith([{ text: 'Old plan action', dueKind: 'date', dueDate: '2016-06-01' }], { status: 'archived' });
    const v1 = await planWith([{ text: 'Version 1 action', dueKind: 'date', dueDate: '2018-06-01' }], { status: 'ratified' });
    const v2 = await planWith([{ text: 'Version 2 action', dueKind: 'date', dueDate: '2018-06-01' }], { lineageId: v1.plan.lineageId, versionNumber: 2 });
    const uids = uidsOf(await feedEvents(db, people.head.id, ORIGIN));
    expect(uids).not.toContain(uid(archived.actions[0]));
    expect(uids).not.toContain(uid(v1.actions[0]));
    expect(uids).toContain(uid(v2.actions[0]));
  });

  it('holds review meetings with a date, for everyone in the partnership, and nobody else’s', async () => {
    const { plan } = await planWith([]);
    const [held] = await db.insert(reviews).values({ planId: plan.id, position: 1, kind: 'jcc', heldOn: '2017-11-14', attendees: 'HTs, chairs' }).returning();
    const [undated] = await db.insert(reviews).values({ planId: plan.id, position: 2, kind: 'head_teachers' }).returning();
    const foreign = await planWith([{ text: 'Theirs', dueKind: 'date', dueDate: '2017-12-01' }], { partnership: otherPartnershipId });
    const [theirReview] = await db.insert(reviews).values({ planId: foreign.plan.id, position: 1, kind: 'jcc', heldOn: '2017-11-20' }).returning();

    const governorEvents = await feedEvents(db, people.governor.id, ORIGIN);
    const meeting = governorEvents.find((e) => e.uid === `review-${held.id}@jointplan`);
    expect(meeting).toMatchObject({ summary: 'JCC review: Collaboration Action Plan', when: { kind: 'date', date: '2017-11-14' }, url: `${ORIGIN}/reviews/${held.id}` });
    const uids = uidsOf(governorEvents);
    expect(uids).not.toContain(`review-${undated.id}@jointplan`);
    expect(uids).not.toContain(`review-${theirReview.id}@jointplan`);
    expect(uids).not.toContain(uid(foreign.actions[0]));
  });

  it('writes the feed as iCalendar: escaped text, folded lines, one VEVENT per event', async () => {
    const { actor } = await createUser(db, [{ partnershipId, role: 'viewer' }], { name: 'Viv, the viewer' });
    const { plan } = await planWith([]);
    await db.insert(reviews).values({ planId: plan.id, position: 1, kind: 'head_teachers', heldOn: '2018-02-01' });
    const { url } = await resetCalendarFeed(db, actor, ORIGIN);
    const text = (await calendarFeedFor(db, url.split('/').pop()!.replace('.ics', ''), ORIGIN))!;
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('X-WR-CALNAME:jointplan: Viv\\, the viewer');
    expect(unfolded).toContain('SUMMARY:Head teachers’ review: Collaboration Action Plan');
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20180201');
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});

describe('the calendar API', () => {
  it('POST makes an address for the signed-in person only, GET says it is on without showing it, DELETE turns it off', async () => {
    const { actor } = await createUser(db, [{ partnershipId, role: 'viewer' }]);
    const req = (method: string) => new Request('http://localhost:3100/api/v1/me/calendar', { method, headers: { host: 'localhost:3100' } });
    session.actor = null;
    expect((await meCalendar.POST(req('POST'), {})).status).toBe(401);

    session.actor = actor;
    const made = await meCalendar.POST(req('POST'), {});
    expect(made.status).toBe(201);
    const { feed } = (await made.json()) as { feed: { on: boolean; url: string } };
    expect(feed.on).toBe(true);
    expect(feed.url).toMatch(/^http:\/\/localhost:3100\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const status = await (await meCalendar.GET(req('GET'), {})).text();
    expect(status).toContain('"on":true');
    expect(status).not.toContain(feed.url.split('/').pop()!.replace('.ics', ''));
    expect((await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, people.head.id)))).toEqual([]);

    const off = await meCalendar.DELETE(req('DELETE'), {});
    expect(await off.json()).toEqual({ feed: { on: false, createdAt: null } });
    expect(await calendarFeedStatus(db, actor.id)).toEqual({ on: false, createdAt: null });
  });
});
