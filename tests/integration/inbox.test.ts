import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, setDatabase } from '@/db/client';
import { notifications, roleAssignments, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/commands/mark-notifications-read';
import { runCommand } from '@/lib/commands/support';
import { AppError } from '@/lib/errors';
import type { MailMessage } from '@/lib/mail/send';
import { type NewNotification, emailNotifications, notify, resolveNotifications, setNotificationTransport } from '@/lib/notifications/notify';
import { inboxFilter, listInbox, unreadCount } from '@/lib/queries/inbox';
import { createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

// The route handlers run as whoever `session.actor` is: sessions are next-auth's, tested end to end in e2e.
vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));

const listRoute = await import('@/app/api/v1/notifications/route');
const readRoute = await import('@/app/api/v1/notifications/[id]/read/route');
const readAllRoute = await import('@/app/api/v1/notifications/read-all/route');

const testDb = useTestDatabase();
let db: Db;
let partnership: { id: string; name: string };
let other: { id: string; name: string };
let chair: Actor;
let head: Actor;
let stranger: Actor;
let restore: (() => void) | null = null;

beforeAll(async () => {
  setDatabase(testDb());
  db = testDb().db;
  const made = await createPartnership(db, { schools: [{ shortCode: 'BR' }] });
  partnership = made.partnership;
  other = (await createPartnership(db)).partnership;
  chair = (await createUser(db, [{ partnershipId: partnership.id, role: 'chair_of_governors', schoolId: made.schools[0].id }], { name: 'Nia Jones' })).actor;
  head = (await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: made.schools[0].id }])).actor;
  stranger = (await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }])).actor;
});

afterEach(() => {
  restore?.();
  restore = null;
});

function item(userId: string, overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    userId,
    partnershipId: partnership.id,
    kind: 'signature_needed',
    title: 'Your signature is needed',
    body: 'The JCC review of 14 November 2017 waits for your signature (Chair of governors, Bank Road).',
    href: `/reviews/${randomUUID()}`,
    subjectId: randomUUID(),
    ...overrides,
  };
}

/** Puts items in inboxes the way the governance commands do: through notify(), in a command. */
async function deliver(actor: Actor, items: NewNotification[]) {
  await runCommand(db, actor, (ctx) => notify(ctx, items));
}

async function idsOf(userId: string, subjectId: string) {
  return (await db.select().from(notifications).where(eq(notifications.subjectId, subjectId))).filter((n) => n.userId === userId).map((n) => n.id);
}

describe('the inbox', () => {
  it('lists only your own items, unread and waiting first, then newest first; done items only with state=all', async () => {
    const { actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const first = item(me.id, { title: 'First' });
    const second = item(me.id, { title: 'Second', kind: 'board_decision_needed' });
    const third = item(me.id, { title: 'Third', kind: 'review_completed' });
    await deliver(head, [first]);
    await deliver(head, [second]);
    await deliver(head, [third, item(chair.id, { title: 'Not yours' })]);
    // The second was read; the first is done.
    const [secondId] = await idsOf(me.id, second.subjectId);
    await markNotificationRead(db, me, secondId);
    await runCommand(db, head, ({ tx }) => resolveNotifications(tx, { subjectId: first.subjectId, kind: 'signature_needed' }));

    const open = await listInbox(db, me, { state: 'open' });
    expect(open.map((i) => i.title)).toEqual(['Third', 'Second']);
    expect(open[0]).toMatchObject({ partnershipName: partnership.name, readAt: null, resolvedAt: null, href: third.href, kind: 'review_completed' });
    expect(open[1].readAt).not.toBeNull();
    const all = await listInbox(db, me, { state: 'all' });
    expect(all.map((i) => i.title)).toEqual(['Third', 'Second', 'First']);
    expect(all[2].resolvedAt).not.toBeNull();
    expect(await unreadCount(db, me)).toBe(1);
    // Nothing internal reaches the client.
    expect(Object.keys(all[0]).sort()).toEqual(['body', 'createdAt', 'href', 'id', 'kind', 'partnershipName', 'readAt', 'resolvedAt', 'title']);
  });

  it('tells a person once per subject, kind and school, however many times a command asks', async () => {
    const { actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const one = item(me.id);
    await deliver(head, [one, { ...one }, { ...one, title: 'Again' }]);
    expect(await idsOf(me.id, one.subjectId)).toHaveLength(1);
  });

  it('marks one item read, keeping the first reading time; someone else’s item or a malformed id is 404 and unchanged', async () => {
    const { actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const mine = item(me.id);
    const theirs = item(chair.id);
    await deliver(head, [mine, theirs]);
    const [mineId] = await idsOf(me.id, mine.subjectId);
    const [theirsId] = await idsOf(chair.id, theirs.subjectId);

    const read = await markNotificationRead(db, me, mineId);
    expect(read.readAt).not.toBeNull();
    const again = await markNotificationRead(db, me, mineId);
    expect(again.readAt).toBe(read.readAt);

    for (const [actor, id] of [
      [me, theirsId],
      [stranger, theirsId],
      [me, 'not-a-uuid'],
      [me, randomUUID()],
    ] as const) {
      const error = await markNotificationRead(db, actor, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'not_found', httpStatus: 404 });
    }
    const [row] = await db.select().from(notifications).where(eq(notifications.id, theirsId));
    expect(row.readAt).toBeNull();
  });

  it('marks all of your items read and nobody else’s', async () => {
    const { actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const theirs = item(chair.id);
    await deliver(head, [item(me.id), item(me.id), theirs]);
    expect(await unreadCount(db, me)).toBe(2);
    const chairBefore = await unreadCount(db, chair);
    expect(await markAllNotificationsRead(db, me)).toEqual({ marked: 2 });
    expect(await unreadCount(db, me)).toBe(0);
    expect(await unreadCount(db, chair)).toBe(chairBefore);
    expect(await markAllNotificationsRead(db, me)).toEqual({ marked: 0 });
  });

  it('someone removed from a partnership no longer sees, counts or marks its items', async () => {
    const { user, actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const one = item(me.id);
    await deliver(head, [one]);
    const [id] = await idsOf(me.id, one.subjectId);
    await db.delete(roleAssignments).where(eq(roleAssignments.userId, user.id));
    const removed: Actor = { ...me, memberships: [] };
    expect(await listInbox(db, removed, { state: 'all' })).toEqual([]);
    expect(await unreadCount(db, removed)).toBe(0);
    await expect(markNotificationRead(db, removed, id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await markAllNotificationsRead(db, removed)).toEqual({ marked: 0 });
  });

  it('refuses an unknown inbox filter with a clear message', () => {
    expect(inboxFilter.parse({})).toEqual({ state: 'open' });
    const result = inboxFilter.safeParse({ state: 'unread' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain('state=open');
    expect(inboxFilter.safeParse({ state: 'all', extra: '1' }).success).toBe(false);
  });
});

describe('inbox email', () => {
  it('emails each new item once, after the command commits, with the partnership, text and an absolute link', async () => {
    const sent: { message: MailMessage; committed: boolean }[] = [];
    restore = setNotificationTransport({
      name: 'capture',
      async send(message) {
        const rows = await db.select().from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(users.email, message.to));
        sent.push({ message, committed: rows.length > 0 });
        return { delivered: true };
      },
    });
    const previous = process.env.AUTH_URL;
    process.env.AUTH_URL = 'https://plans.example/some/path';
    try {
      const one = item(chair.id);
      await deliver(head, [one]);
      expect(sent).toHaveLength(1);
      expect(sent[0].committed).toBe(true);
      expect(sent[0].message.to).toBe(chair.email);
      expect(sent[0].message.subject).toBe(`Your signature is needed · ${partnership.name}`);
      expect(sent[0].message.text).toContain('Dear Nia Jones,');
      expect(sent[0].message.text).toContain(one.body);
      expect(sent[0].message.text).toContain(`https://plans.example${one.href}`);
      const [id] = await idsOf(chair.id, one.subjectId);
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
      expect(row.emailed).toBe(true);
      // Sending the same items again does not email them twice.
      await emailNotifications(db, [id]);
      expect(sent).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.AUTH_URL;
      else process.env.AUTH_URL = previous;
    }
  });

  it('a command that rolls back emails nobody and leaves no item; a failing mail server leaves the item unemailed', async () => {
    const sent: MailMessage[] = [];
    restore = setNotificationTransport({
      name: 'capture',
      async send(message) {
        sent.push(message);
        return { delivered: true };
      },
    });
    const one = item(chair.id);
    await expect(
      runCommand(db, head, async (ctx) => {
        await notify(ctx, [one]);
        throw new AppError('conflict', 'changed meanwhile');
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(sent).toHaveLength(0);
    expect(await idsOf(chair.id, one.subjectId)).toEqual([]);

    restore();
    restore = setNotificationTransport({
      name: 'down',
      async send() {
        throw new Error('connection refused');
      },
    });
    const two = item(chair.id);
    await deliver(head, [two]);
    const [id] = await idsOf(chair.id, two.subjectId);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row.emailed).toBe(false);
  });

  it('does not email a disabled account', async () => {
    const sent: MailMessage[] = [];
    restore = setNotificationTransport({
      name: 'capture',
      async send(message) {
        sent.push(message);
        return { delivered: true };
      },
    });
    const { user, actor: gone } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    await deliver(head, [item(gone.id)]);
    expect(sent).toEqual([]);
  });
});

describe('the inbox API', () => {
  const BASE = 'http://localhost:3100';
  const post = (path: string) => new Request(`${BASE}${path}`, { method: 'POST', headers: { host: 'localhost:3100' } });
  type Listing = { items: { id: string; title: string }[]; unreadCount: number; error?: { code: string; message: string; details?: { fields: Record<string, string> } } };

  it('lists your items with the unread count, marks one and all read; someone else’s id is 404; a bad filter is 400', async () => {
    const { actor: me } = await createUser(db, [{ partnershipId: partnership.id, role: 'clerk' }]);
    const mine = item(me.id, { title: 'Mine' });
    const theirs = item(chair.id, { title: 'Theirs' });
    await deliver(head, [mine, item(me.id, { title: 'Mine too' }), theirs]);
    const [mineId] = await idsOf(me.id, mine.subjectId);
    const [theirsId] = await idsOf(chair.id, theirs.subjectId);

    session.actor = me;
    const listed = (await (await listRoute.GET(new Request(`${BASE}/api/v1/notifications?state=all`), {})).json()) as Listing;
    expect(listed.items.map((i) => i.title).sort()).toEqual(['Mine', 'Mine too']);
    expect(listed.unreadCount).toBe(2);

    const bad = await listRoute.GET(new Request(`${BASE}/api/v1/notifications?state=unread`), {});
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Listing).error?.details?.fields.state).toContain('state=open');

    const read = await readRoute.POST(post(`/api/v1/notifications/${mineId}/read`), { params: Promise.resolve({ id: mineId }) });
    expect(read.status).toBe(200);
    const refused = await readRoute.POST(post(`/api/v1/notifications/${theirsId}/read`), { params: Promise.resolve({ id: theirsId }) });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as Listing).error?.message).toBe('Inbox item was not found.');

    const all = await readAllRoute.POST(post('/api/v1/notifications/read-all'), {});
    expect(await all.json()).toEqual({ marked: 1 });
    expect(await unreadCount(db, me)).toBe(0);
    const [theirsRow] = await db.select().from(notifications).where(eq(notifications.id, theirsId));
    expect(theirsRow.readAt).toBeNull();

    // A write from another site with the session cookie is refused.
    const crossSite = new Request(`${BASE}/api/v1/notifications/read-all`, { method: 'POST', headers: { host: 'localhost:3100', origin: 'https://evil.example' } });
    expect((await readAllRoute.POST(crossSite, {})).status).toBe(403);

    session.actor = null;
    expect((await listRoute.GET(new Request(`${BASE}/api/v1/notifications`), {})).status).toBe(401);
  });
});
