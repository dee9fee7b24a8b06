import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strands } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import { updateStrand } from '@/lib/commands/update-strand';
import { latestPlanChangeId } from '@/lib/queries/plan-changes';
import { Inbox, type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer } from '../helpers/realtime';
import { useTestDatabase } from '../helpers/test-db';

// A page is rendered, then its socket joins the plan: a change committed in between is never sent
// to it. plan.join answers the plan's newest change, read once the socket is in the room, so the
// page can tell it missed one (components/realtime/RealtimeProvider.tsx).

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb());
});
afterAll(async () => {
  await server?.stop();
});

const open: ClientSocket[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function client(user: { id: string; sessionVersion: number }): Promise<{ socket: ClientSocket; inbox: Inbox }> {
  const socket = connectClient(server.url, await sessionCookie(user));
  open.push(socket);
  const inbox = new Inbox(socket);
  await connected(socket);
  return { socket, inbox };
}

async function rename(title: string) {
  const { db } = testDb();
  const [row] = await db.select().from(strands).where(eq(strands.id, data.strand.id));
  await updateStrand(db, data.headB.actor, data.strand.id, { version: row.version, title });
}

describe('plan.join', () => {
  it('answers the plan’s newest change: the one a page rendered before it missed, and the one a socket already in the room received', async () => {
    const { db } = testDb();
    // The page is rendered with the plan as it stands…
    const rendered = await latestPlanChangeId(db, { planId: data.plan.id });
    // …a change commits before its socket has joined…
    await rename('Moderation, renamed while a page was loading');
    const missed = await latestPlanChangeId(db, { planId: data.plan.id });
    expect(missed).not.toBeNull();
    expect(missed).not.toBe(rendered);

    // …and the join tells it so.
    const late = await client(data.headA.user);
    const joined = await late.socket.emitWithAck('plan.join', { planId: data.plan.id });
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.lastChangeId).toBe(missed);
    expect(late.inbox.events['plan.change']).toHaveLength(0);

    // A change after the join reaches the room, and a later join answers that same change's id.
    const received = late.inbox.waitFor('plan.change', (c) => c.verb === 'strand.update');
    await rename('Moderation, renamed while everyone watched');
    const change = await received;
    const again = await (await client(data.headB.user)).socket.emitWithAck('plan.join', { planId: data.plan.id });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.lastChangeId).toBe(change.id);
  });

  it('answers null for a plan with no change yet, and a malformed id is nobody’s change', async () => {
    const { db } = testDb();
    const fresh = await client(data.outsider.user);
    const joined = await fresh.socket.emitWithAck('plan.join', { planId: data.otherPlan.id });
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.lastChangeId).toBeNull();
    expect(await latestPlanChangeId(db, { planId: 'not-a-uuid' })).toBeNull();
    expect(await latestPlanChangeId(db, { reviewId: 'not-a-uuid' })).toBeNull();
  });
});
