import type { Server as HttpServer } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { Server, type Socket } from 'socket.io';
import * as Y from 'yjs';
import { z } from 'zod';
import { type Db, getDb } from '@/db/client';
import { plans } from '@/db/schema';
import { auditVerbs, entityTypes } from '@/lib/audit/verbs';
import { type Actor, loadActor, membershipOf } from '@/lib/auth/actor';
import { type CollabOptions, CollabManager, DEFAULT_COLLAB_OPTIONS, MalformedUpdateError, emptyUpdate } from '@/lib/collab/documents';
import { parseDocumentName } from '@/lib/collab/names';
import { loadTarget } from '@/lib/collab/targets';
import { AppError } from '@/lib/errors';
import { can } from '@/lib/policies';
import { latestPlanChangeId } from '@/lib/queries/plan-changes';
import { type CommittedChange, onCommitted, onDocumentHold, onSessionsEnded } from './bus';
import { colourFor } from './colour';
import {
  type AckResult,
  type ClientEventName,
  type ClientToServerEvents,
  EVENT_MAX_BYTES,
  type InterServerEvents,
  type PlanChange,
  type RealtimeErrorCode,
  type ServerToClientEvents,
  type SessionEndedReason,
  clientEventSchemas,
  interServerSchemas,
  payloadSize,
  toWire,
} from './events';
import { authenticateHandshake, handshakeClient, isSameOrigin } from './handshake';
import { type SocketData, isIdle, presenceOf } from './presence';
import { DEFAULT_RATE_LIMITS, type RateLimits, SocketRateLimiter } from './rate-limit';
import { LocalSocketCounter, RedisSocketCounter, type SocketCounter } from './socket-cap';
import { UpdateRelay } from './relay';
import { docRoom, partnershipRoom, planRoom } from './rooms';

export type { ClientToServerEvents, ServerToClientEvents, InterServerEvents } from './events';
export type { SocketData } from './presence';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Settings of the realtime layer; every one has a default (docs/realtime.md). */
export type RealtimeOptions = {
  /** Redis for more than one process; default `REDIS_URL`, none = this process alone. */
  redisUrl?: string | null;
  /** The Redis stream the processes share; default `REALTIME_REDIS_STREAM` or `jointplan-realtime`. */
  redisStream?: string;
  /** No input for this long marks a person idle (3 minutes). */
  idleAfterMs?: number;
  /** Heartbeat: a lost connection is noticed within pingInterval + pingTimeout (4.5 s). */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Every socket's account and roles are checked again this often, besides on membership events (30 s). */
  revalidateEveryMs?: number;
  rateLimits?: Partial<RateLimits>;
  /** Co-edited updates arriving within this window after one was relayed go out as one merged message (default: by subscribers, RELAY_WINDOW_MS and up). */
  relayWindowMs?: number;
  /** Connections one person may hold at once (MAX_SOCKETS_PER_USER): to this process, or with Redis to all of them. */
  maxSocketsPerUser?: number;
  /** With Redis: how long a process's count of a connection lasts unless renewed (SOCKET_LEASE_MS). */
  socketLeaseMs?: number;
  collab?: Partial<CollabOptions>;
  log?: (message: string, error?: unknown) => void;
};

/** Connections one person may hold at once (with Redis, across every process); a further handshake is refused. */
export const MAX_SOCKETS_PER_USER = 20;
/** With Redis, each process renews its connections' counts every third of this; a crashed process's lapse within it. */
export const SOCKET_LEASE_MS = 30_000;

/** How long a busy document's relayed updates are gathered into one message (docs/realtime.md): 10 ms, up to 15 ms with 120 or more people in it (measured at 200: p50 6 ms lower than with 25 ms, the server's CPU the same; 10 ms cost it 7 % more of a core). */
export const RELAY_WINDOW_MS = 10;
const RELAY_MAX_WINDOW_MS = 15;

/** How soon a change refused while its document is held (withDocumentSettled) is sent again. */
const HELD_RETRY_MS = 250;
/** A hold another process asked for lapses after this long if it never releases it. */
const REMOTE_HOLD_MAX_MS = 15_000;

/**
 * A person's account and roles, read at the handshake or since, are used as they are for this long
 * unless a membership change or ended session came in meanwhile: opening a plan page (handshake,
 * plan.join, a doc.sync per field) read them once per event, a thousand reconnecting clients after
 * a restart four thousand times.
 */
const ACTOR_FRESH_MS = 2000;

/** presence.state waits 20 ms to gather changes, up to this long with a thousand connections (docs/realtime.md). */
const PRESENCE_MAX_DELAY_MS = 250;

/** A size in bytes as a person reads it: `1 MB`, `64 KB`. */
function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The attached realtime layer. */
export type Realtime = {
  io: RealtimeServer;
  collab: CollabManager;
  /** Stops: stored updates and revisions flushed first (unless `flush: false`, a simulated crash). */
  close: (options?: { flush?: boolean }) => Promise<void>;
};

/** An error acknowledgement. */
class Refusal extends Error {
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof AppError) {
    const map: { [code: string]: RealtimeErrorCode } = {
      not_found: 'not_found',
      forbidden: 'forbidden',
      unauthenticated: 'forbidden',
      rate_limited: 'rate_limited',
      payload_too_large: 'payload_too_large',
      bad_request: 'bad_request',
      validation_failed: 'bad_request',
    };
    return new Refusal(map[error.code] ?? 'internal', error.message);
  }
  return new Refusal('internal', 'Something went wrong on our side. Please try again.');
}

const planChangeFields = z.object({
  verb: z.enum(auditVerbs),
  entityType: z.enum(entityTypes),
});
const MEMBERSHIP_VERBS = new Set(['member.remove', 'role.revoke', 'role.assign']);
// Changes after which a loaded document's write rights are read again (a signed review's minutes close).
const TARGET_VERBS = new Set([
  'plan.update',
  'plan.restore',
  'plan.archive',
  'strand.update',
  'strand.restore',
  'strand.delete',
  'review.sign',
  'review.withdraw_signature',
  'review.complete',
  'review.reopen',
  // The plan's status moves: awaiting the boards and ratified plans are read-only, a rejection reopens them.
  'plan.await_approval',
  'plan.ratify',
  'plan.return_to_draft',
]);

/** A committed change as the plan's room receives it, or null for changes outside a plan. */
export function presentChange(change: CommittedChange): PlanChange | null {
  const known = planChangeFields.safeParse(change);
  if (!change.planId || !known.success) return null;
  return {
    id: change.id,
    planId: change.planId,
    verb: known.data.verb,
    strandId: change.strandId,
    entityType: known.data.entityType,
    entityId: change.entityId,
    actor: { userId: change.actorUserId, name: change.actorName },
    createdAt: change.createdAt.toISOString(),
  };
}

const ENDED: { [R in SessionEndedReason]: string } = {
  signed_out: 'Your session has ended. Sign in again to continue.',
  removed: 'You are no longer a member of this partnership.',
};

/**
 * Attaches socket.io to the HTTP server: session-cookie handshake, plan rooms with presence,
 * committed changes relayed after commit, and co-edited rich text (lib/collab). With a Redis URL
 * the processes share rooms through the Redis Streams adapter.
 */
export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}): Promise<Realtime> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[realtime] ${message}`, error ?? ''));
  const idleAfterMs = options.idleAfterMs ?? 3 * 60_000;
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const redisUrl = options.redisUrl === undefined ? process.env.REDIS_URL || null : options.redisUrl;
  const clustered = Boolean(redisUrl);
  const db = (): Db => getDb();

  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Larger than any event accepts, so an oversized event is refused with an acknowledgement
    // instead of the transport closing the connection.
    maxHttpBufferSize: 2 * 1024 * 1024,
    pingInterval: options.pingIntervalMs ?? 2000,
    pingTimeout: options.pingTimeoutMs ?? 2500,
    // Other upgrade requests (Next's own dev reloads) are not socket.io's to close.
    destroyUpgrade: false,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers)),
  });

  const maxSocketsPerUser = options.maxSocketsPerUser ?? MAX_SOCKETS_PER_USER;
  let redis: { quit: () => Promise<unknown> } | null = null;
  let socketCounts: SocketCounter = new LocalSocketCounter(maxSocketsPerUser);
  if (redisUrl) {
    const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-streams-adapter')]);
    const client = createClient({ url: redisUrl });
    client.on('error', (error) => log('redis', error));
    await client.connect();
    redis = client;
    const streamName = options.redisStream ?? (process.env.REALTIME_REDIS_STREAM || 'jointplan-realtime');
    io.adapter(createAdapter(client, { streamName }));
    // A person's connections are counted across every process sharing the stream.
    socketCounts = new RedisSocketCounter(client, streamName, maxSocketsPerUser, options.socketLeaseMs ?? SOCKET_LEASE_MS, log);
  }

  const collab = new CollabManager(db, { ...DEFAULT_COLLAB_OPTIONS, clustered, ...options.collab }, log);
  collab.onEvicted = (name) => io.to(docRoom(name)).emit('doc.resync', { name });
  // Every message goes to each subscriber: the more there are, the longer a busy document gathers.
  const relay = new UpdateRelay(relayWindow, (name, update, except) => {
    const room = io.to(docRoom(name));
    // Base64 text: one WebSocket frame per socket, where a binary attachment costs two (docs/performance.md).
    (except ? room.except(except) : room).emit('doc.update', { name, update: toWire(update) });
  });
  const limiters = new Map<string, SocketRateLimiter>();
  function relayWindow(name: string): number {
    if (options.relayWindowMs !== undefined) return options.relayWindowMs;
    const subscribers = collab.get(name)?.subscribers.size ?? 0;
    return Math.min(RELAY_MAX_WINDOW_MS, Math.max(RELAY_WINDOW_MS, subscribers / 8));
  }
  let closing = false;
  /** Counts membership changes and ended sessions (here or, with Redis, in any process): a person read before one is read again. */
  let membershipEpoch = 0;

  /** Counts a socket against its person's cap (in every process, with Redis); false when they already hold as many as allowed. */
  async function admitSocket(socket: RealtimeSocket, userId: string): Promise<boolean> {
    if (!(await socketCounts.admit(userId, socket.id))) return false;
    const release = () => socketCounts.release(userId, socket.id);
    // Whichever comes first: the socket leaves, or its connection closes before it ever connected
    // (or closed while it was being counted).
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    if (socket.conn.readyState === 'closed') release();
    return true;
  }

  // ----- handshake -----
  io.use(async (socket, next) => {
    try {
      const loadedAt = performance.now();
      const epoch = membershipEpoch;
      const client = handshakeClient(socket.handshake.headers, socket.handshake.address);
      const session = await authenticateHandshake(db(), socket.handshake.headers, client);
      if (!session) return next(new Error('unauthenticated'));
      if (!(await admitSocket(socket, session.actor.id))) return next(new Error('too_many_connections'));
      socket.data = {
        userId: session.actor.id,
        sessionVersion: session.sessionVersion,
        actor: session.actor,
        actorRead: { at: loadedAt, epoch },
        colour: colourFor(session.actor.id),
        plans: {},
        partnerships: [],
      };
      next();
    } catch (error) {
      // Not a verdict on the session (e.g. the database is briefly unreachable): the client retries.
      log('handshake failed', error);
      next(new Error('unavailable'));
    }
  });

  // ----- sessions -----
  function endSession(socket: RealtimeSocket, reason: SessionEndedReason): void {
    socket.emit('session.ended', { reason, message: ENDED[reason] });
    socket.disconnect(true);
  }

  /** Reloads the person behind each socket; ends the sockets of ended sessions and removed members. */
  async function revalidate(sockets: RealtimeSocket[]): Promise<void> {
    const groups = new Map<string, RealtimeSocket[]>();
    for (const s of sockets) {
      const key = `${s.data.userId}:${s.data.sessionVersion}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    let first = true;
    for (const group of groups.values()) {
      // A turn between people: answers that resolve as microtasks would make the 30-second sweep of
      // every socket one long turn (~200 ms at 50 people when PGlite ran on the event loop).
      if (!first) await nextTurn();
      first = false;
      const { userId, sessionVersion, actor: before } = group[0].data;
      const read = { at: performance.now(), epoch: membershipEpoch };
      let actor: Actor | null;
      try {
        actor = await loadActor(db(), userId, sessionVersion, { ip: before.ip, userAgent: before.userAgent });
      } catch (error) {
        log('could not revalidate a session', error);
        continue;
      }
      for (const s of group) {
        if (!actor) endSession(s, 'signed_out');
        else if (s.data.partnerships.some((p) => !membershipOf(actor, p))) endSession(s, 'removed');
        else {
          s.data.actor = { ...actor, ip: s.data.actor.ip, userAgent: s.data.actor.userAgent };
          s.data.actorRead = read;
        }
      }
    }
  }

  function localSockets(filter: (s: RealtimeSocket) => boolean = () => true): RealtimeSocket[] {
    return [...io.of('/').sockets.values()].filter(filter);
  }

  function revalidateMembers(partnershipId: string | null, userId: string | null): Promise<void> {
    membershipEpoch++;
    return revalidate(
      localSockets((s) => (!partnershipId || s.rooms.has(partnershipRoom(partnershipId))) && (!userId || s.data.userId === userId)),
    );
  }

  /** The socket's person as they are now: read again unless read within ACTOR_FRESH_MS with no membership change since. */
  async function currentActor(socket: RealtimeSocket): Promise<Actor> {
    const { at, epoch } = socket.data.actorRead;
    if (!socket.disconnected && epoch === membershipEpoch && performance.now() - at < ACTOR_FRESH_MS) return socket.data.actor;
    await revalidate([socket]);
    if (socket.disconnected) throw new Refusal('forbidden', ENDED.signed_out);
    return socket.data.actor;
  }

  /**
   * Puts the socket in the partnership's room, where membership changes reach it. One committed
   * while the caller was checking the person's roles did not: they are read again then (a removed
   * person's socket is ended, and this throws).
   */
  async function enterPartnership(socket: RealtimeSocket, partnershipId: string): Promise<void> {
    if (!socket.data.partnerships.includes(partnershipId)) socket.data.partnerships = [...socket.data.partnerships, partnershipId];
    socket.join(partnershipRoom(partnershipId));
    if (socket.data.actorRead.epoch !== membershipEpoch) await currentActor(socket);
  }

  // ----- presence -----
  const presenceDue = new Set<string>();
  let presenceTimer: ReturnType<typeof setTimeout> | null = null;

  async function presenceState(planId: string) {
    const sockets = await io.in(planRoom(planId)).fetchSockets();
    return presenceOf(planId, sockets, idleAfterMs);
  }

  /** Broadcasts a plan's presence soon, once for any number of changes in between. */
  function presenceChanged(planId: string): void {
    presenceDue.add(planId);
    presenceTimer ??= setTimeout(() => {
      presenceTimer = null;
      const due = [...presenceDue];
      presenceDue.clear();
      for (const id of due) {
        presenceState(id)
          .then((state) => io.to(planRoom(id)).emit('presence.state', state))
          .catch((error) => log('could not broadcast presence', error));
      }
      // A busy process gathers more changes per broadcast: each one goes to every socket in the
      // plan, so with hundreds joining at once a broadcast per 20 ms would flood them all.
    }, Math.min(PRESENCE_MAX_DELAY_MS, Math.max(20, io.of('/').sockets.size / 4)));
  }

  function leavePlan(socket: RealtimeSocket, planId: string): void {
    if (!socket.data.plans[planId]) return;
    const { [planId]: _left, ...rest } = socket.data.plans;
    socket.data.plans = rest;
    socket.leave(planRoom(planId));
    presenceChanged(planId);
  }

  const idleSweep = setInterval(
    () => {
      const now = Date.now();
      for (const s of localSockets()) {
        for (const [planId, plan] of Object.entries(s.data.plans)) {
          const idle = isIdle(plan, idleAfterMs, now);
          if (idle === plan.idle) continue;
          plan.idle = idle;
          presenceChanged(planId);
        }
      }
    },
    Math.max(250, Math.min(15_000, Math.floor(idleAfterMs / 4))),
  );
  idleSweep.unref?.();

  const revalidation = setInterval(() => void revalidate(localSockets()), options.revalidateEveryMs ?? 30_000);
  revalidation.unref?.();

  // ----- documents -----
  function leaveDoc(socket: RealtimeSocket, name: string): void {
    socket.leave(docRoom(name));
    const cd = collab.get(name);
    if (!cd || !cd.subscribers.has(socket.id)) return;
    const gone = cd.removeCarets(socket.id);
    if (gone) {
      if (clustered) io.serverSideEmit('collab.awareness', { name, update: gone });
      io.to(docRoom(name)).emit('doc.awareness', { name, update: toWire(gone) });
    }
    collab.unsubscribe(cd, socket.id);
  }

  function subscribedDoc(socket: RealtimeSocket, name: string) {
    const cd = collab.get(name);
    if (!cd || !cd.subscribers.has(socket.id)) throw new Refusal('not_synced', 'Send doc.sync for this document first.');
    return cd;
  }

  // ----- events -----
  /**
   * Wraps a handler: refuses while stopping, over the rate limit, oversized or malformed (with an
   * error acknowledgement, changing nothing); otherwise acknowledges what the handler returns.
   */
  function handler<T>(
    socket: RealtimeSocket,
    event: ClientEventName,
    schema: z.ZodType<T>,
    run: (input: T) => Promise<object> | object,
  ): (...args: unknown[]) => void {
    const limiter = limiters.get(socket.id);
    return (...args: unknown[]) => {
      const last = args[args.length - 1];
      const reply = (result: AckResult<object>) => {
        if (typeof last === 'function') last(result);
      };
      const fail = (error: unknown) => {
        const r = refusalOf(error);
        if (r.code === 'internal') log(`${event} failed`, error);
        reply({ ok: false, error: { code: r.code, message: r.message, ...(r.retryAfterMs !== undefined ? { retryAfterMs: r.retryAfterMs } : {}) } });
      };
      try {
        if (closing || collab.isClosing) throw new Refusal('unavailable', 'The server is restarting. Connect again in a moment.');
        const wait = limiter?.take(event) ?? 0;
        if (wait > 0) throw new Refusal('rate_limited', `Too many ${event} events. Try again shortly.`, wait);
        const payload = typeof last === 'function' ? args.slice(0, -1) : args;
        if (payload.length !== 1) throw new Refusal('bad_request', `${event} takes one payload object and an acknowledgement.`);
        if (payloadSize(payload[0]) > EVENT_MAX_BYTES[event]) {
          throw new Refusal('payload_too_large', `${event} can carry at most ${EVENT_MAX_BYTES[event]} bytes.`);
        }
        const parsed = schema.safeParse(payload[0]);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Refusal('bad_request', `Malformed ${event}: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'not acceptable'}.`);
        }
        Promise.resolve()
          .then(() => run(parsed.data))
          .then((data) => reply({ ok: true, ...data }))
          .catch(fail);
      } catch (error) {
        fail(error);
      }
    };
  }

  io.on('connection', (socket) => {
    limiters.set(socket.id, new SocketRateLimiter(limits));
    socket.emit('session.ready', { userId: socket.data.userId, name: socket.data.actor.name, colour: socket.data.colour });

    socket.on(
      'plan.join',
      handler(socket, 'plan.join', clientEventSchemas['plan.join'], async ({ planId }) => {
        const actor = await currentActor(socket);
        const [plan] = await db().select({ id: plans.id, partnershipId: plans.partnershipId }).from(plans).where(eq(plans.id, planId));
        // Another partnership's plan is answered exactly as a missing one.
        if (!plan || !can(actor, 'plan.read', plan)) throw new Refusal('not_found', 'Plan was not found.');
        await enterPartnership(socket, plan.partnershipId);
        const previous = socket.data.plans[planId];
        socket.data.plans = {
          ...socket.data.plans,
          [planId]: { partnershipId: plan.partnershipId, focus: previous?.focus ?? null, lastInputAt: Date.now(), idle: false },
        };
        socket.join(planRoom(planId));
        presenceChanged(planId);
        // Read once the socket is in the room: every change committed since is sent to it, and every
        // one before is counted here, so the page can tell whether it missed one (while connecting,
        // or while disconnected) and fetch itself again.
        const [presence, lastChangeId] = await Promise.all([presenceState(planId), latestPlanChangeId(db(), { planId })]);
        return { presence, lastChangeId };
      }),
    );

    socket.on(
      'plan.leave',
      handler(socket, 'plan.leave', clientEventSchemas['plan.leave'], ({ planId }) => {
        leavePlan(socket, planId);
        return {};
      }),
    );

    socket.on(
      'presence.update',
      handler(socket, 'presence.update', clientEventSchemas['presence.update'], ({ planId, focus, active }) => {
        const plan = socket.data.plans[planId];
        if (!plan) throw new Refusal('bad_request', 'Send plan.join for this plan first.');
        let changed = false;
        if (focus !== undefined && JSON.stringify(focus) !== JSON.stringify(plan.focus)) {
          plan.focus = focus;
          changed = true;
        }
        if (active !== false) {
          plan.lastInputAt = Date.now();
          if (plan.idle) changed = true;
          plan.idle = false;
        }
        if (changed) presenceChanged(planId);
        return {};
      }),
    );

    socket.on(
      'doc.sync',
      handler(socket, 'doc.sync', clientEventSchemas['doc.sync'], async ({ name, stateVector }) => {
        const ref = parseDocumentName(name);
        if (!ref) throw new Refusal('not_found', 'Document was not found.');
        const actor = await currentActor(socket);
        const target = await loadTarget(db(), ref);
        if (!target || !target.canRead(actor)) throw new Refusal('not_found', 'Document was not found.');
        try {
          Y.decodeStateVector(stateVector);
        } catch {
          throw new Refusal('bad_request', 'Malformed doc.sync: stateVector is not a Yjs state vector.');
        }
        const cd = await collab.open(ref, target);
        await collab.catchUp(cd);
        // Loaded again: what was read before may predate a refresh made while the document was loading.
        const current = await loadTarget(db(), ref);
        cd.target = current ?? { ...cd.target, canWrite: () => false };
        if (!current || !current.canRead(actor)) throw new Refusal('not_found', 'Document was not found.');
        await enterPartnership(socket, target.partnershipId);
        // Joined before the answer is computed: every later update reaches this socket.
        socket.join(docRoom(name));
        collab.subscribe(cd, socket.id, actor.id);
        collab.applyQueued(cd);
        return {
          update: Y.encodeStateAsUpdate(cd.doc, stateVector),
          stateVector: Y.encodeStateVector(cd.doc),
          awareness: cd.caretsUpdate(),
          canEdit: current.canWrite(actor),
        };
      }),
    );

    socket.on(
      'doc.update',
      handler(socket, 'doc.update', clientEventSchemas['doc.update'], async ({ name, update }) => {
        const cd = subscribedDoc(socket, name);
        const actor = socket.data.actor;
        if (!cd.target.canWrite(actor)) throw new Refusal('forbidden', 'You can read this text but not change it.');
        // Being closed (the review's last signature): the client resends, then learns the outcome.
        if (cd.holds > 0) throw new Refusal('unavailable', 'This text is being signed off. Your change is sent again in a moment.', HELD_RETRY_MS);
        const empty = emptyUpdate(update);
        if (empty === null) throw new Refusal('bad_request', 'Malformed doc.update: update is not a Yjs update.');
        if (empty) return {};
        if (!collab.fits(cd, update)) {
          throw new Refusal(
            'document_too_large',
            `This text has reached its size limit (${sizeLabel(collab.maxDocumentBytes)}): your last change was not saved. Reload the page, remove some text, then carry on.`,
          );
        }
        if (!collab.fitsHtml(cd, update)) {
          throw new Refusal(
            'document_too_large',
            `This text has reached its limit of ${collab.maxHtmlChars.toLocaleString('en-GB')} characters: your last change was not saved. Reload the page, remove some text, then carry on.`,
          );
        }
        // Relayed once applied (the others' screens need not wait for the disk); acknowledged once stored.
        // Other processes first, so their documents have it before their clients can build on it.
        const stored = collab.applyClientUpdate(cd, update, actor, () => {
          if (clustered) io.serverSideEmit('collab.update', { name, update, userId: actor.id });
          relay.push(name, update, socket.id);
        });
        try {
          await stored;
        } catch (error) {
          if (error instanceof MalformedUpdateError) throw new Refusal('bad_request', 'Malformed doc.update: the update could not be applied.');
          throw error;
        }
        return {};
      }),
    );

    socket.on(
      'doc.awareness',
      handler(socket, 'doc.awareness', clientEventSchemas['doc.awareness'], ({ name, update }) => {
        const cd = subscribedDoc(socket, name);
        const result = cd.acceptAwareness(socket.id, { id: socket.data.userId, name: socket.data.actor.name, color: socket.data.colour }, update);
        if (!result.ok) throw new Refusal(result.code, result.message);
        const stamped = result.update;
        if (!stamped) return {};
        if (clustered) io.serverSideEmit('collab.awareness', { name, update: stamped });
        socket.to(docRoom(name)).emit('doc.awareness', { name, update: toWire(stamped) });
        return {};
      }),
    );

    socket.on(
      'doc.leave',
      handler(socket, 'doc.leave', clientEventSchemas['doc.leave'], ({ name }) => {
        leaveDoc(socket, name);
        return {};
      }),
    );

    socket.on('disconnect', () => {
      limiters.delete(socket.id);
      for (const planId of Object.keys(socket.data.plans)) presenceChanged(planId);
      for (const cd of collab.openDocuments()) if (cd.subscribers.has(socket.id)) leaveDoc(socket, cd.name);
    });
  });

  // ----- other processes -----
  io.on('collab.update', (payload) => {
    const p = interServerSchemas['collab.update'].safeParse(payload);
    if (p.success) collab.applyRemoteUpdate(p.data.name, p.data.update);
  });
  io.on('collab.awareness', (payload) => {
    const p = interServerSchemas['collab.awareness'].safeParse(payload);
    if (p.success) collab.get(p.data.name)?.acceptRemoteAwareness(p.data.update);
  });
  io.on('collab.refresh', (payload) => {
    const p = interServerSchemas['collab.refresh'].safeParse(payload);
    if (p.success) refreshTargets(p.data.planId);
  });
  // Holds asked for by other processes, oldest first per document; each lapses on its own if the
  // release never comes (the asking process died mid-command).
  const remoteHolds = new Map<string, { release: () => void; timer: ReturnType<typeof setTimeout> }[]>();
  function releaseRemoteHold(name: string): void {
    const held = remoteHolds.get(name);
    const first = held?.shift();
    if (!held?.length) remoteHolds.delete(name);
    if (!first) return;
    clearTimeout(first.timer);
    first.release();
  }
  io.on('collab.hold', (payload, ack) => {
    const p = interServerSchemas['collab.hold'].safeParse(payload);
    if (!p.success) return ack(false);
    const { name } = p.data;
    collab.hold(name).then(
      (release) => {
        const timer = setTimeout(() => releaseRemoteHold(name), REMOTE_HOLD_MAX_MS);
        timer.unref?.();
        remoteHolds.set(name, [...(remoteHolds.get(name) ?? []), { release, timer }]);
        ack(true);
      },
      (error) => {
        log(`could not save ${name} for another process`, error);
        ack(false);
      },
    );
  });
  io.on('collab.release', (payload) => {
    const p = interServerSchemas['collab.release'].safeParse(payload);
    if (p.success) releaseRemoteHold(p.data.name);
  });
  io.on('members.revalidate', (payload) => {
    const p = interServerSchemas['members.revalidate'].safeParse(payload);
    if (p.success) void revalidateMembers(p.data.partnershipId, p.data.userId);
  });

  function refreshTargets(planId: string): void {
    collab.refreshTargets(planId).catch((error) => log('could not refresh documents', error));
  }

  // ----- committed changes -----
  const stopChanges = onCommitted((changes) => {
    for (const change of changes) {
      const presented = presentChange(change);
      if (presented) io.to(planRoom(presented.planId)).emit('plan.change', presented);
      if (MEMBERSHIP_VERBS.has(change.verb)) {
        void revalidateMembers(change.partnershipId, null);
        if (clustered) io.serverSideEmit('members.revalidate', { partnershipId: change.partnershipId, userId: null });
      }
      if (change.planId && TARGET_VERBS.has(change.verb)) {
        refreshTargets(change.planId);
        // The plan's documents may be open in other processes too: they read the rights again as well.
        if (clustered) io.serverSideEmit('collab.refresh', { planId: change.planId });
      }
    }
  });
  // A command closing a co-edited field first has the live text saved (lib/realtime/bus.ts): in
  // every process, since each saves the revisions of those who typed into it.
  const stopHolds = onDocumentHold(async (name) => {
    const release = await collab.hold(name);
    if (!clustered) return release;
    try {
      await io.serverSideEmitWithAck('collab.hold', { name });
    } catch (error) {
      log(`not every process saved ${name} in time`, error);
    }
    return () => {
      release();
      io.serverSideEmit('collab.release', { name });
    };
  });
  const stopSessions = onSessionsEnded((userId) => {
    void revalidateMembers(null, userId);
    if (clustered) io.serverSideEmit('members.revalidate', { partnershipId: null, userId });
  });

  return {
    io,
    collab,
    async close({ flush = true } = {}) {
      if (closing) return;
      closing = true;
      clearInterval(idleSweep);
      clearInterval(revalidation);
      if (presenceTimer) clearTimeout(presenceTimer);
      stopChanges();
      stopHolds();
      stopSessions();
      // Updates accepted this turn are applied (and handed to the relay) before its windows are sent.
      if (flush) collab.applyAllQueued();
      relay.flush();
      await collab.close({ flush });
      await io.close();
      await socketCounts.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}
