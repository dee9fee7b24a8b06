import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { plans, reviewSignatureLines, reviews, strands } from '@/db/schema';
import { signReview } from '@/lib/commands/sign-review';
import { startReview } from '@/lib/commands/start-review';
import { documentHtml } from '@/lib/collab/prosemirror';
import type { ClientSocket } from '@/lib/collab/client';
import { documentName } from '@/lib/collab/names';
import { connectClient, connected, seedPlan, sessionCookie, until } from '../helpers/realtime';
import { TEST_PASSWORD } from '../factories';
import { converged, firstText, openEditor, refusedEventually } from '../helpers/realtime-collab';
import { CLUSTER_REDIS_URL, type ServerProcess, clusterUnavailable, createClusterDatabase, spawnRealtimeServer } from '../helpers/realtime-process';

// What holds across processes sharing Redis: a person's connection cap counts every process's
// sockets, and a change that moves write rights reaches the documents loaded in every process.
// Skipped, saying why, when Redis or Postgres does not answer.
const skipReason = await clusterUnavailable();
if (skipReason) console.log(`[realtime-cluster] skipped: ${skipReason}`);

const CAP = 3;
const LEASE_MS = 1500;

describe.skipIf(Boolean(skipReason))('several processes through Redis', () => {
  let cluster: Awaited<ReturnType<typeof createClusterDatabase>>;
  let data: Awaited<ReturnType<typeof seedPlan>>;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await createClusterDatabase();
    data = await seedPlan(cluster.database.db, '<p>Across processes.</p>');
    env = {
      DATABASE_URL: cluster.url,
      REDIS_URL: CLUSTER_REDIS_URL,
      REALTIME_REDIS_STREAM: `jp-test-${randomUUID()}`,
      REALTIME_TEST_HOOKS: '1',
      REALTIME_MAX_SOCKETS_PER_USER: String(CAP),
      REALTIME_SOCKET_LEASE_MS: String(LEASE_MS),
      // Longer than any test: only a command closing a document saves what was just typed.
      COLLAB_PAUSE_MS: '60000',
      PORT: '0',
    };
    servers.push(...(await Promise.all([spawnRealtimeServer(env), spawnRealtimeServer(env)])));
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await cluster?.database.close();
  });

  /** Connects as `user` to `server`; resolves with the socket, or rejects with the handshake's refusal. */
  async function connect(user: { id: string; sessionVersion: number }, server: ServerProcess): Promise<ClientSocket> {
    const socket = connectClient(server.url, await sessionCookie(user));
    sockets.push(socket);
    try {
      await connected(socket);
    } catch (error) {
      socket.close();
      throw error;
    }
    return socket;
  }

  /** Tries to connect until a handshake is admitted (counts are released asynchronously). */
  async function admittedEventually(user: { id: string; sessionVersion: number }, server: ServerProcess, timeoutMs: number): Promise<ClientSocket> {
    let socket: ClientSocket | null = null;
    await until(
      async () => {
        socket = await connect(user, server).catch(() => null);
        return socket !== null;
      },
      timeoutMs,
      'a connection to be admitted',
    );
    if (!socket) throw new Error('unreachable');
    return socket;
  }

  it('caps a person’s connections across every process, and admits one again when another closes', async () => {
    const held = [await connect(data.headA.user, servers[0]), await connect(data.headA.user, servers[0]), await connect(data.headA.user, servers[1])];
    await expect(connect(data.headA.user, servers[1])).rejects.toThrow('too_many_connections');
    await expect(connect(data.headA.user, servers[0])).rejects.toThrow('too_many_connections');
    // Someone else is not affected.
    (await connect(data.headB.user, servers[1])).close();

    held[0].close();
    const again = await admittedEventually(data.headA.user, servers[1], 5000);
    await expect(connect(data.headA.user, servers[0])).rejects.toThrow('too_many_connections');
    for (const s of [...held, again]) s.close();
  }, 60_000);

  it('refreshes write rights in every process after a status change made in one of them', async () => {
    const [plan] = await cluster.database.db
      .insert(plans)
      .values({ partnershipId: data.partnership.id, lineageId: randomUUID(), title: 'To be archived', academicYear: 2025 })
      .returning();
    const [strand] = await cluster.database.db.insert(strands).values({ planId: plan.id, position: 1, title: 'S', keyObjective: '<p>Text.</p>' }).returning();
    const name = documentName('strand', strand.id, 'keyObjective');
    // Bob has the text open in process 2; the plan is archived by a command run in process 1.
    const bob = await openEditor(servers[1].url, data.headB.user, name);
    try {
      expect(bob.sync.canEdit).toBe(true);
      const res = await fetch(`${servers[0].url}/__test/archive-plan`, {
        method: 'POST',
        body: JSON.stringify({ userId: data.headA.user.id, planId: plan.id }),
      });
      expect(res.status).toBe(204);
      await refusedEventually(bob.socket, name, 'process 2 to refuse changes to the archived plan');
    } finally {
      bob.close();
    }
  }, 60_000);

  it('saves minutes typed in one process before a signature in another completes the review', async () => {
    const { db } = cluster.database;
    const review = await startReview(db, data.headA.actor, data.plan.id, { kind: 'head_teachers', heldOn: '2025-11-14', minutes: '<p>Agreed.</p>' });
    const lines = await db.select().from(reviewSignatureLines).where(eq(reviewSignatureLines.reviewId, review.id));
    const lineOf = (schoolId: string) => {
      const line = lines.find((l) => l.schoolId === schoolId);
      if (!line) throw new Error('no signature line for the school');
      return line;
    };
    await signReview(db, data.headA.actor, review.id, { lineId: lineOf(data.schools[0].id).id, password: TEST_PASSWORD });
    const name = documentName('review', review.id, 'minutes');
    // Alice types into process 2; Bob's signature, the last, is given through process 1.
    const alice = await openEditor(servers[1].url, data.headA.user, name);
    try {
      const t = firstText(alice.doc);
      t.insert(t.length, ' Last words before signing.');
      await converged([alice]);
      const res = await fetch(`${servers[0].url}/__test/sign-review`, {
        method: 'POST',
        body: JSON.stringify({ userId: data.headB.user.id, reviewId: review.id, lineId: lineOf(data.schools[1].id).id, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(204);
      const [row] = await db.select().from(reviews).where(eq(reviews.id, review.id));
      expect(row.status).toBe('complete');
      expect(row.minutes).toBe('<p>Agreed. Last words before signing.</p>');
      expect(documentHtml(alice.doc)).toBe(row.minutes);
    } finally {
      alice.close();
    }
  }, 60_000);

  it('stops counting the connections of a process that crashed, once their lease lapses', async () => {
    const third = await spawnRealtimeServer(env);
    servers.push(third);
    // The governor fills the cap, all on the third process.
    for (let i = 0; i < CAP; i++) await connect(data.governor.user, third);
    await expect(connect(data.governor.user, servers[0])).rejects.toThrow('too_many_connections');

    third.child.kill('SIGKILL');
    await third.exited;
    // Nothing released them (at least two thirds of a lease are left: renewals come every third) ...
    await expect(connect(data.governor.user, servers[0])).rejects.toThrow('too_many_connections');
    // ... they stop counting once the lease lapses without renewal.
    const admitted = await admittedEventually(data.governor.user, servers[0], LEASE_MS * 4);
    admitted.close();
  }, 90_000);
});
