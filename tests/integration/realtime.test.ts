import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setDatabase } from '@/db/client';
import { auditEvents, strands, users } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import { documentName } from '@/lib/collab/names';
import { createStrand } from '@/lib/commands/create-strand';
import { removeMember } from '@/lib/commands/remove-member';
import { restoreValue } from '@/lib/commands/restore-value';
import { updateStrand } from '@/lib/commands/update-strand';
import { announceSessionsEnded } from '@/lib/realtime/bus';
import { colourFor } from '@/lib/realtime/colour';
import { EVENT_MAX_BYTES } from '@/lib/realtime/events';
import { MAX_SOCKETS_PER_USER } from '@/lib/realtime/server';
import { createUser } from '../factories';
import {
  Inbox,
  type TestServer,
  connectClient,
  connectRawClient,
  connected,
  seedPlan,
  sessionCookie,
  startFreezableProxy,
  startRealtimeServer,
  until,
} from '../helpers/realtime';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;
const IDLE_AFTER_MS = 1500;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), {
    idleAfterMs: IDLE_AFTER_MS,
    rateLimits: { 'doc.leave': { capacity: 3, perSecond: 1 } },
  });
});
afterAll(async () => {
  await server?.stop();
});

const open: { close: () => unknown }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function client(user: { id: string; sessionVersion: number }, url = server.url): Promise<{ socket: ClientSocket; inbox: Inbox }> {
  const socket = connectClient(url, await sessionCookie(user));
  open.push(socket);
  const inbox = new Inbox(socket);
  await connected(socket);
  return { socket, inbox };
}

describe('handshake', () => {
  it('refuses a connection without a session cookie', async () => {
    const socket = connectClient(server.url, null);
    open.push(socket);
    await expect(connected(socket)).rejects.toThrow('unauthenticated');
  });

  it('refuses an ended session, a forged cookie and a disabled account', async () => {
    const { db } = testDb();
    const { user } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }]);
    const stale = await sessionCookie(user);
    await db.update(users).set({ sessionVersion: user.sessionVersion + 1 }).where(eq(users.id, user.id));
    for (const cookie of [stale, await sessionCookie(data.headA.user, 'some-other-secret-0123456789abcdef0123456789')]) {
      const socket = connectClient(server.url, cookie);
      open.push(socket);
      await expect(connected(socket)).rejects.toThrow('unauthenticated');
    }
    const { user: gone } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }]);
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
    const socket = connectClient(server.url, await sessionCookie(gone));
    open.push(socket);
    await expect(connected(socket)).rejects.toThrow('unauthenticated');
  });

  it('answers a handshake that fails for another reason (a database blip) with unavailable', async () => {
    const real = testDb();
    const down = new Proxy(real.db, {
      get: (target, key, receiver) => {
        if (key !== 'select') return Reflect.get(target, key, receiver);
        return () => {
          throw new Error('connection refused');
        };
      },
    });
    setDatabase({ ...real, db: down });
    try {
      const socket = connectClient(server.url, await sessionCookie(data.headA.user));
      open.push(socket);
      await expect(connected(socket)).rejects.toThrow('unavailable');
    } finally {
      setDatabase(real);
    }
  });

  it('refuses a handshake from another site, accepts one from its own origin', async () => {
    const cookie = await sessionCookie(data.headA.user);
    const foreign = connectClient(server.url, cookie, { origin: 'https://evil.example' });
    open.push(foreign);
    await expect(connected(foreign)).rejects.toThrow();
    const own = connectClient(server.url, cookie, { origin: server.url });
    open.push(own);
    const inbox = new Inbox(own);
    await connected(own);
    expect(await inbox.waitFor('session.ready')).toEqual({ userId: data.headA.user.id, name: 'Alice Head', colour: colourFor(data.headA.user.id) });
  });

  it('refuses a person more than MAX_SOCKETS_PER_USER connections at once, and admits one again after a close', async () => {
    const { db } = testDb();
    const { user } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }]);
    const cookie = await sessionCookie(user);
    const held: ClientSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) {
      const socket = connectClient(server.url, cookie);
      open.push(socket);
      held.push(socket);
    }
    await Promise.all(held.map((s) => connected(s)));
    const extra = connectClient(server.url, cookie);
    open.push(extra);
    await expect(connected(extra)).rejects.toThrow('too_many_connections');
    // Someone else is not affected.
    const other = connectClient(server.url, await sessionCookie(data.headB.user));
    open.push(other);
    await connected(other);
    held[0].close();
    await until(async () => {
      const again = connectClient(server.url, cookie);
      open.push(again);
      return connected(again).then(
        () => true,
        () => false,
      );
    }, 5000, 'a connection admitted after one closed');
  });
});

describe('plan rooms', () => {
  it('refuses another partnership’s plan exactly as a missing one', async () => {
    const { socket } = await client(data.headA.user);
    const theirs = await socket.emitWithAck('plan.join', { planId: data.otherPlan.id });
    const missing = await socket.emitWithAck('plan.join', { planId: crypto.randomUUID() });
    expect(theirs).toEqual({ ok: false, error: { code: 'not_found', message: 'Plan was not found.' } });
    expect(missing).toEqual(theirs);
    const docTheirs = await socket.emitWithAck('doc.sync', { name: documentName('strand', data.otherStrand.id, 'keyObjective'), stateVector: Y.encodeStateVector(new Y.Doc()) });
    const docMissing = await socket.emitWithAck('doc.sync', { name: documentName('strand', crypto.randomUUID(), 'keyObjective'), stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(docTheirs).toEqual({ ok: false, error: { code: 'not_found', message: 'Document was not found.' } });
    expect(docMissing).toEqual(docTheirs);
    const mine = await socket.emitWithAck('plan.join', { planId: data.plan.id });
    expect(mine.ok).toBe(true);
  });

  it('answers malformed and oversized events with an error and keeps the connection', async () => {
    const raw = connectRawClient(server.url, await sessionCookie(data.headA.user));
    open.push(raw);
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    const cases: [string, unknown, string][] = [
      ['plan.join', { planId: 'not-a-uuid' }, 'bad_request'],
      ['plan.join', { planId: data.plan.id, extra: 1 }, 'bad_request'],
      ['plan.join', 'just a string', 'bad_request'],
      ['plan.join', null, 'bad_request'],
      ['presence.update', { planId: data.plan.id, focus: { strandId: data.strand.id, field: '<script>' } }, 'bad_request'],
      ['doc.sync', { name: 'strand:x:keyObjective', stateVector: 'not base64!' }, 'bad_request'],
      ['doc.sync', { name: 'strand:x:keyObjective', stateVector: 12 }, 'bad_request'],
      ['doc.sync', { name: documentName('strand', data.strand.id, 'keyObjective'), stateVector: new Uint8Array([255, 255, 255]) }, 'bad_request'],
      ['doc.update', { name: documentName('strand', data.strand.id, 'keyObjective'), update: new Uint8Array(4) }, 'not_synced'],
      ['doc.update', { name: 'x'.repeat(100), update: new Uint8Array(EVENT_MAX_BYTES['doc.update'] + 1) }, 'payload_too_large'],
      ['doc.sync', { name: 'y', stateVector: new Uint8Array(EVENT_MAX_BYTES['doc.sync'] + 1) }, 'payload_too_large'],
      ['presence.update', { planId: data.plan.id, focus: { strandId: data.strand.id, field: 'x'.repeat(5000) } }, 'payload_too_large'],
    ];
    for (const [event, payload, code] of cases) {
      const result = await raw.timeout(5000).emitWithAck(event, payload);
      expect(result, `${event} ${JSON.stringify(payload).slice(0, 60)}`).toMatchObject({ ok: false, error: { code } });
    }
    // No acknowledgement callback, two payloads, an unknown event: ignored, nothing breaks.
    raw.emit('plan.join', { planId: data.plan.id });
    raw.emit('doc.nonsense', 1, 2, 3);
    expect(await raw.timeout(5000).emitWithAck('plan.join', { planId: data.plan.id }, 'second')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(raw.connected).toBe(true);
    expect(await raw.timeout(5000).emitWithAck('plan.join', { planId: data.plan.id })).toMatchObject({ ok: true });
  });

  it('rate-limits each kind of event per socket', async () => {
    const { socket } = await client(data.headA.user);
    const name = documentName('strand', data.strand.id, 'intendedImpact');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await socket.emitWithAck('doc.leave', { name }));
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    const limited = results[3];
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(!limited.ok && limited.error.retryAfterMs).toBeGreaterThan(0);
    // Other kinds have their own buckets, and the connection stays.
    expect(await socket.emitWithAck('plan.join', { planId: data.plan.id })).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
  });
});

describe('presence', () => {
  it('shows who is here, once per person, with focus, idleness and departure', async () => {
    const a = await client(data.headA.user);
    const b1 = await client(data.headB.user);
    const b2 = await client(data.headB.user);
    await a.socket.emitWithAck('plan.join', { planId: data.plan.id });
    await b1.socket.emitWithAck('plan.join', { planId: data.plan.id });
    const joined = await b2.socket.emitWithAck('plan.join', { planId: data.plan.id });
    expect(joined.ok && joined.presence.people.map((p) => p.name)).toEqual(['Alice Head', 'Bob Head']);

    const both = await a.inbox.waitFor('presence.state', (s) => s.people.length === 2);
    const bob = both.people.find((p) => p.userId === data.headB.user.id);
    expect(bob).toMatchObject({ name: 'Bob Head', role: 'head_teacher', school: data.schools[1].name, colour: colourFor(data.headB.user.id), focus: null, idle: false });

    const focus = { strandId: data.strand.id, field: 'keyObjective' };
    expect(await b2.socket.emitWithAck('presence.update', { planId: data.plan.id, focus })).toEqual({ ok: true });
    await a.inbox.waitFor('presence.state', (s) => s.people.some((p) => p.userId === data.headB.user.id && p.focus?.field === 'keyObjective'));

    // Nobody gives input: both go idle; Bob's input brings him back.
    await a.inbox.waitFor('presence.state', (s) => s.people.length === 2 && s.people.every((p) => p.idle), IDLE_AFTER_MS + 3000);
    await b1.socket.emitWithAck('presence.update', { planId: data.plan.id });
    await a.inbox.waitFor('presence.state', (s) => s.people.some((p) => p.userId === data.headB.user.id && !p.idle && p.focus?.field === 'keyObjective'));

    // One of Bob's tabs closes: he is still here. The other closes: he is gone.
    const seen = a.inbox.events['presence.state'].length;
    b1.socket.close();
    await a.inbox.waitFor('presence.state', (s) => a.inbox.events['presence.state'].indexOf(s) >= seen);
    expect(a.inbox.latest('presence.state')?.people.map((p) => p.name)).toEqual(['Alice Head', 'Bob Head']);
    const closedAt = Date.now();
    b2.socket.close();
    await a.inbox.waitFor('presence.state', (s) => s.people.length === 1, 5000);
    expect(Date.now() - closedAt).toBeLessThan(5000);
  });

  it('notices a lost connection within 5 seconds', async () => {
    const a = await client(data.headA.user);
    await a.socket.emitWithAck('plan.join', { planId: data.plan.id });
    const proxy = await startFreezableProxy(server.port);
    try {
      const b = await client(data.headB.user, proxy.url);
      await b.socket.emitWithAck('plan.join', { planId: data.plan.id });
      await a.inbox.waitFor('presence.state', (s) => s.people.length === 2);
      const lostAt = Date.now();
      proxy.freeze();
      await a.inbox.waitFor('presence.state', (s) => a.inbox.events['presence.state'].indexOf(s) > 0 && s.people.length === 1, 6000);
      expect(Date.now() - lostAt).toBeLessThan(5000);
    } finally {
      await proxy.close();
    }
  });
});

describe('structured changes', () => {
  it('reach the plan’s room after commit, named by their audit verb, and no other room', async () => {
    const a = await client(data.headA.user);
    const outsider = await client(data.outsider.user);
    await a.socket.emitWithAck('plan.join', { planId: data.plan.id });
    await outsider.socket.emitWithAck('plan.join', { planId: data.otherPlan.id });
    const { db } = testDb();
    const [row] = await db.select().from(strands).where(eq(strands.id, data.strand.id));
    const received = a.inbox.waitFor('plan.change', (c) => c.verb === 'strand.update' && c.entityId === data.strand.id).then(async (change) => {
      // Sent after commit: whoever reacts reads the new title.
      const [now] = await db.select({ title: strands.title }).from(strands).where(eq(strands.id, data.strand.id));
      return { change, title: now.title };
    });
    await updateStrand(db, data.headB.actor, data.strand.id, { version: row.version, title: 'Moderation and assessment' });
    const { change, title } = await received;
    expect(title).toBe('Moderation and assessment');
    expect(change).toMatchObject({
      planId: data.plan.id,
      verb: 'strand.update',
      strandId: data.strand.id,
      entityType: 'strand',
      actor: { userId: data.headB.user.id, name: 'Bob Head' },
    });
    expect(outsider.inbox.events['plan.change']).toEqual([]);
  });

  it('a renumbered row and a restore each reach the room under their own verb, after commit', async () => {
    const a = await client(data.headA.user);
    await a.socket.emitWithAck('plan.join', { planId: data.plan.id });
    const { db } = testDb();
    const [before] = await db.select().from(strands).where(eq(strands.id, data.strand.id));
    const renumbered = a.inbox.waitFor('plan.change', (c) => c.verb === 'strand.renumber' && c.entityId === data.strand.id).then(async (change) => {
      const [now] = await db.select({ position: strands.position }).from(strands).where(eq(strands.id, data.strand.id));
      return { change, position: now.position };
    });
    const inserted = await createStrand(db, data.headB.actor, data.plan.id, { title: 'Transition', position: before.position });
    const { change, position } = await renumbered;
    expect(position).toBe(before.position + 1);
    expect(change).toMatchObject({ planId: data.plan.id, strandId: data.strand.id, entityType: 'strand', actor: { name: 'Bob Head' } });

    const renaming = a.inbox.waitFor('plan.change', (c) => c.verb === 'strand.update' && c.entityId === inserted.id);
    await updateStrand(db, data.headB.actor, inserted.id, { version: inserted.version, title: 'Moving on' });
    const renamed = await renaming;
    const restored = a.inbox.waitFor('plan.change', (c) => c.verb === 'strand.restore' && c.entityId === inserted.id);
    await restoreValue(db, data.headA.actor, { eventId: renamed.id, field: 'title' });
    expect(await restored).toMatchObject({ strandId: inserted.id, actor: { userId: data.headA.user.id } });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.id, (await restored).id));
    expect(event.data).toMatchObject({ restoredFrom: { eventId: renamed.id } });
  });
});

describe('membership', () => {
  it('ends the session of a person removed from the partnership at once', async () => {
    const { db } = testDb();
    const { user } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }], { name: 'Sam Staff' });
    const sam = await client(user);
    await sam.socket.emitWithAck('plan.join', { planId: data.plan.id });
    const gone = new Promise<void>((resolve) => sam.socket.once('disconnect', () => resolve()));
    await removeMember(db, { actor: data.admin.actor, partnershipId: data.partnership.id, userId: user.id });
    expect(await sam.inbox.waitFor('session.ended')).toMatchObject({ reason: 'removed' });
    await gone;
  });

  it('refuses the plan to a person removed between their handshake and plan.join', async () => {
    const { db } = testDb();
    const { user } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }], { name: 'Rae Staff' });
    // Connected (the handshake read their roles) but in no room yet, so the removal ends nothing.
    const rae = await client(user);
    await removeMember(db, { actor: data.admin.actor, partnershipId: data.partnership.id, userId: user.id });
    const joined = await rae.socket.emitWithAck('plan.join', { planId: data.plan.id });
    expect(joined).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const synced = await rae.socket.emitWithAck('doc.sync', { name: documentName('strand', data.strand.id, 'keyObjective'), stateVector: new Uint8Array([0]) });
    expect(synced).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('ends the sockets of a person whose sessions were ended', async () => {
    const { db } = testDb();
    const { user } = await createUser(db, [{ partnershipId: data.partnership.id, role: 'staff' }]);
    const s = await client(user);
    await db.update(users).set({ sessionVersion: user.sessionVersion + 1 }).where(eq(users.id, user.id));
    announceSessionsEnded(user.id);
    expect(await s.inbox.waitFor('session.ended')).toMatchObject({ reason: 'signed_out' });
  });
});

describe('read-only members', () => {
  it('can watch a document but their updates are refused and change nothing', async () => {
    const name = documentName('strand', data.strand.id, 'keyObjective');
    const gov = await client(data.governor.user);
    const doc = new Y.Doc();
    const synced = await gov.socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(doc) });
    expect(synced).toMatchObject({ ok: true, canEdit: false });
    if (!synced.ok) return;
    Y.applyUpdate(doc, new Uint8Array(synced.update));
    const before = doc.getXmlFragment('default').toString();
    const head = await client(data.headA.user);
    await head.socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(new Y.Doc()) });
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    const sv = Y.encodeStateVector(local);
    local.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    const refused = await gov.socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(local, sv) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(head.inbox.events['doc.update']).toEqual([]);
    expect(server.realtime.collab.get(name)?.doc.getXmlFragment('default').toString()).toBe(before);
  });
});
