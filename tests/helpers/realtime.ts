import { createServer } from 'node:http';
import { type Socket as NetSocket, createServer as createNetServer, connect as netConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import { io as connectSocket } from 'socket.io-client';
import { type Database, type Executor, setDatabase } from '@/db/client';
import { plans, strands } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import type { ServerToClientEvents } from '@/lib/realtime/events';
import { type Realtime, type RealtimeOptions, attachRealtime } from '@/lib/realtime/server';
import { createPartnership, createUser } from '../factories';

export const TEST_AUTH_SECRET = 'realtime-tests-secret-0123456789abcdef0123456789abcdef';
const COOKIE = 'authjs.session-token';

/** A next-auth session cookie for a person, as the sign-in would set it. */
export async function sessionCookie(user: { id: string; sessionVersion: number }, secret = TEST_AUTH_SECRET): Promise<string> {
  const token = await encode({ token: { uid: user.id, sv: user.sessionVersion }, secret, salt: COOKIE, maxAge: 60 * 60 });
  return `${COOKIE}=${token}`;
}

export type TestServer = {
  url: string;
  port: number;
  realtime: Realtime;
  /** Stops the server (flushing, unless `flush: false`). */
  stop: (options?: { flush?: boolean }) => Promise<void>;
};

/** socket.io on a plain HTTP server (no Next), on `port` (0: any free one), over the given database. */
export async function startRealtimeServer(database: Database, options: RealtimeOptions = {}, port = 0): Promise<TestServer> {
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  setDatabase(database);
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const realtime = await attachRealtime(http, { redisUrl: null, log: () => {}, ...options });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const actual = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    realtime,
    stop: async (opts) => {
      await realtime.close(opts);
      http.closeAllConnections();
    },
  };
}

/** A socket.io client with a session cookie (and any other headers), over WebSocket. */
export function connectClient(url: string, cookie: string | null, headers: Record<string, string> = {}): ClientSocket {
  return connectSocket(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** A client whose events are not typed: for sending what a well-behaved client never would. */
export function connectRawClient(url: string, cookie: string | null) {
  return connectSocket(url, { transports: ['websocket'], forceNew: true, extraHeaders: cookie ? { cookie } : {} });
}

/** Resolves once the client is connected; rejects with the handshake's refusal. */
export function connected(socket: ClientSocket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

type Events = ServerToClientEvents;
type Payload<E extends keyof Events> = Parameters<Events[E]>[0];
type Waiter = { resolve: () => void };

/** Everything a client received from the server, by event, with waits for what is still to come. */
export class Inbox {
  readonly events: { [E in keyof Events]: Payload<E>[] } = {
    'session.ready': [],
    'session.ended': [],
    'presence.state': [],
    'plan.change': [],
    'doc.update': [],
    'doc.awareness': [],
    'doc.resync': [],
  };
  private waiters: Waiter[] = [];

  constructor(readonly socket: ClientSocket) {
    socket.on('session.ready', (p) => this.push('session.ready', p));
    socket.on('session.ended', (p) => this.push('session.ended', p));
    socket.on('presence.state', (p) => this.push('presence.state', p));
    socket.on('plan.change', (p) => this.push('plan.change', p));
    socket.on('doc.update', (p) => this.push('doc.update', p));
    socket.on('doc.awareness', (p) => this.push('doc.awareness', p));
    socket.on('doc.resync', (p) => this.push('doc.resync', p));
  }

  private push<E extends keyof Events>(event: E, payload: Payload<E>): void {
    this.events[event].push(payload);
    for (const w of [...this.waiters]) w.resolve();
  }

  /** The first `event` (already received or still to come) that matches; fails after `timeoutMs`. */
  waitFor<E extends keyof Events>(event: E, match: (payload: Payload<E>) => boolean = () => true, timeoutMs = 5000): Promise<Payload<E>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events[event].find(match);
        if (found === undefined) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(found);
        return true;
      };
      const waiter: Waiter = { resolve: () => void check() };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.push(waiter);
    });
  }

  /** The latest `event` received, if any. */
  latest<E extends keyof Events>(event: E): Payload<E> | undefined {
    return this.events[event].at(-1);
  }
}

/** Polls `check` until it holds, for state that has no event; fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Two heads of two schools, a read-only governor and an outsider; a plan with one strand. */
export async function seedPlan(db: Executor, html = '<p>Share moderation across both schools.</p>') {
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }, { shortCode: 'WL' }] });
  const other = await createPartnership(db);
  const headA = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: schools[0].id }], { name: 'Alice Head' });
  const headB = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher', schoolId: schools[1].id }], { name: 'Bob Head' });
  const governor = await createUser(db, [{ partnershipId: partnership.id, role: 'governor', schoolId: schools[0].id }], { name: 'Gina Governor' });
  const outsider = await createUser(db, [{ partnershipId: other.partnership.id, role: 'head_teacher' }], { name: 'Olly Outsider' });
  const admin = await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }], { name: 'Ada Admin' });
  const [plan] = await db
    .insert(plans)
    .values({ partnershipId: partnership.id, lineageId: crypto.randomUUID(), title: 'Collaboration Action Plan', academicYear: 2025 })
    .returning();
  const [otherPlan] = await db
    .insert(plans)
    .values({ partnershipId: other.partnership.id, lineageId: crypto.randomUUID(), title: 'Their plan', academicYear: 2025 })
    .returning();
  const [strand] = await db.insert(strands).values({ planId: plan.id, position: 1, title: 'Moderation', keyObjective: html }).returning();
  const [otherStrand] = await db.insert(strands).values({ planId: otherPlan.id, position: 1, title: 'Theirs', keyObjective: '<p>x</p>' }).returning();
  return { partnership, schools, headA, headB, governor, outsider, admin, plan, otherPlan, strand, otherStrand };
}

/**
 * A TCP relay in front of the server whose connections can be frozen: traffic stops without either
 * side closing, as when a school's Wi-Fi drops.
 */
export async function startFreezableProxy(targetPort: number) {
  const pairs: [NetSocket, NetSocket][] = [];
  let frozen = false;
  const server = createNetServer((client) => {
    const upstream = netConnect(targetPort, '127.0.0.1');
    pairs.push([client, upstream]);
    const forward = (from: NetSocket, to: NetSocket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${portOf(server.address())}`,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function portOf(address: AddressInfo | string | null): number {
  return typeof address === 'object' && address ? address.port : 0;
}
