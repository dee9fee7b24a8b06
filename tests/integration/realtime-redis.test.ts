import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '@/lib/collab/client';
import { documentName } from '@/lib/collab/names';
import { Inbox, connectClient, connected, seedPlan, sessionCookie } from '../helpers/realtime';
import { type TestEditor, converged, firstText, occurrences, openEditor, plainText } from '../helpers/realtime-collab';
import { CLUSTER_REDIS_URL, type ServerProcess, clusterUnavailable, createClusterDatabase, spawnRealtimeServer } from '../helpers/realtime-process';

// Two server processes on two ports, sharing Redis (the Streams adapter) and one Postgres database.
// Skipped, saying why, when either does not answer.
const skipReason = await clusterUnavailable();
if (skipReason) console.log(`[realtime-redis] skipped: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('two processes through Redis', () => {
  let cluster: Awaited<ReturnType<typeof createClusterDatabase>>;
  let data: Awaited<ReturnType<typeof seedPlan>>;
  const servers: ServerProcess[] = [];
  const sockets: { close: () => unknown }[] = [];

  beforeAll(async () => {
    cluster = await createClusterDatabase();
    data = await seedPlan(cluster.database.db, '<p>Across processes.</p>');
    const env = {
      DATABASE_URL: cluster.url,
      REDIS_URL: CLUSTER_REDIS_URL,
      REALTIME_REDIS_STREAM: `jp-test-${randomUUID()}`,
      REALTIME_TEST_HOOKS: '1',
      COLLAB_PAUSE_MS: '300',
    };
    servers.push(...(await Promise.all([spawnRealtimeServer({ ...env, PORT: '0' }), spawnRealtimeServer({ ...env, PORT: '0' })])));
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await cluster?.database.close();
  });

  async function client(user: { id: string; sessionVersion: number }, server: ServerProcess): Promise<{ socket: ClientSocket; inbox: Inbox }> {
    const socket = connectClient(server.url, await sessionCookie(user));
    sockets.push(socket);
    const inbox = new Inbox(socket);
    await connected(socket);
    return { socket, inbox };
  }

  it('shares presence and structured changes between the processes', async () => {
    const a = await client(data.headA.user, servers[0]);
    const b = await client(data.headB.user, servers[1]);
    expect(await a.socket.emitWithAck('plan.join', { planId: data.plan.id })).toMatchObject({ ok: true });
    expect(await b.socket.emitWithAck('plan.join', { planId: data.plan.id })).toMatchObject({ ok: true });
    await a.inbox.waitFor('presence.state', (s) => s.people.map((p) => p.name).join() === 'Alice Head,Bob Head');
    await b.inbox.waitFor('presence.state', (s) => s.people.length === 2);

    await b.socket.emitWithAck('presence.update', { planId: data.plan.id, focus: { strandId: data.strand.id, field: 'intendedImpact' } });
    await a.inbox.waitFor('presence.state', (s) => s.people.some((p) => p.name === 'Bob Head' && p.focus?.field === 'intendedImpact'));

    // A command committed in process 2 reaches Alice on process 1.
    const res = await fetch(`${servers[1].url}/__test/strand-title`, {
      method: 'POST',
      body: JSON.stringify({ userId: data.headB.user.id, strandId: data.strand.id, title: 'Moderation across schools' }),
    });
    expect(res.status).toBe(204);
    const change = await a.inbox.waitFor('plan.change', (c) => c.verb === 'strand.update');
    expect(change).toMatchObject({ strandId: data.strand.id, actor: { name: 'Bob Head' } });
    expect(a.inbox.events['plan.change']).toHaveLength(1);

    b.socket.close();
    await a.inbox.waitFor('presence.state', (s) => s.people.length === 1, 5000);
  }, 60_000);

  it('relays typing between the processes and both keep the same document', async () => {
    const name = documentName('strand', data.strand.id, 'keyObjective');
    const editors: TestEditor[] = [];
    try {
      const a = await openEditor(servers[0].url, data.headA.user, name);
      editors.push(a);
      const b = await openEditor(servers[1].url, data.headB.user, name);
      editors.push(b);
      for (let i = 0; i < 15; i++) {
        for (const [who, e] of [['A', a], ['B', b]] as const) {
          const t = firstText(e.doc);
          t.insert(i % 2 ? 0 : t.length, ` ${who}${i} `);
        }
      }
      await converged([a, b], 20_000);
      // Late joiners on either process get the whole text from that process's own copy.
      const c1 = await openEditor(servers[0].url, data.admin.user, name);
      editors.push(c1);
      const c2 = await openEditor(servers[1].url, data.admin.user, name);
      editors.push(c2);
      const final = await converged([a, b, c1, c2], 20_000);
      const text = plainText(c2.doc);
      for (let i = 0; i < 15; i++) for (const who of ['A', 'B']) expect(occurrences(text, ` ${who}${i} `), `${who}${i}`).toBe(1);
      expect(occurrences(text, 'Across processes.')).toBe(1);
      expect(final).toContain('Across processes.');
    } finally {
      for (const e of editors) e.close();
    }
  }, 60_000);
});
