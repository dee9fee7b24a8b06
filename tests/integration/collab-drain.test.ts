import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { strands } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import { documentName } from '@/lib/collab/names';
import { CollabDocs } from '@/components/realtime/collab-docs';
import { type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer, until } from '../helpers/realtime';
import { firstText, openEditor, plainText } from '../helpers/realtime-collab';
import { useTestDatabase } from '../helpers/test-db';

// Leaving a plan page inside the app (no `beforeunload`) unmounts the provider, which calls
// `drainThenDestroy`: the socket stays until the server has acknowledged every local change, so what
// was typed in the last moment is not lost. The server here holds `doc.update` back until told, so
// a change typed meanwhile waits in the client (one update is in flight at a time): without the
// drain it would never be sent. Checked by replacing the drain with an immediate destroy: both fail.

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;
/** While set, every doc.update a client sends waits here instead of reaching its handler. */
let gate: (() => void)[] | null = null;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), { collab: { pauseMs: 200, unloadAfterMs: 60_000 } });
  server.realtime.io.on('connection', (socket) => {
    socket.use((packet, next) => {
      if (packet[0] === 'doc.update' && gate) gate.push(next);
      else next();
    });
  });
});
afterAll(async () => {
  await server?.stop();
});
const open: { close: () => void }[] = [];
afterEach(() => {
  openGate();
  for (const e of open.splice(0)) e.close();
});

function openGate(): void {
  const held = gate ?? [];
  gate = null;
  for (const next of held) next();
}

/** A page's documents over its own socket, with one document open and loaded. */
async function page(name: string) {
  const socket = connectClient(server.url, await sessionCookie(data.headA.user));
  open.push({ close: () => socket.close() });
  await connected(socket);
  const docs = new CollabDocs(socket, () => ({ name: 'Alice Head', colour: '#336699' }));
  const entry = docs.acquire(name);
  await until(() => entry.getStatus().loaded, 10_000, 'the first sync');
  return { socket, docs, entry };
}

async function newDocument(): Promise<string> {
  const [strand] = await testDb()
    .db.insert(strands)
    .values({ planId: data.plan.id, position: 7, title: 'Drained', keyObjective: '<p>Start.</p>' })
    .returning();
  return documentName('strand', strand.id, 'keyObjective');
}

/** Closes the gate and types `words` at the end of the first paragraph; resolves once the change waits at the gate. */
async function typeHeldBack(doc: Y.Doc, words: string): Promise<Y.XmlText> {
  gate = [];
  const text = firstText(doc);
  text.insert(text.length, words);
  await until(() => (gate?.length ?? 0) > 0, 5000, 'the change to reach the server');
  return text;
}

/** The page goes, as RealtimeProvider's cleanup does: its documents drain for at most `maxMs`, then its socket closes. */
function leave(docs: CollabDocs, socket: ClientSocket, maxMs: number): { left: boolean } {
  const leaving = { left: false };
  docs.drainThenDestroy(() => {
    leaving.left = true;
    socket.disconnect();
  }, maxMs);
  return leaving;
}

describe('leaving a page with changes not yet acknowledged', () => {
  it('keeps the socket until the server has stored them, then closes it', async () => {
    const name = await newDocument();
    const { socket, docs, entry } = await page(name);
    const text = await typeHeldBack(entry.doc, ' First words.');
    // Typed while the first change waits for its acknowledgement: the client keeps it to send next.
    text.insert(text.length, ' Typed just before leaving.');
    expect(gate?.length).toBe(1);

    // The editor closes and the page goes.
    docs.release(name);
    const leaving = leave(docs, socket, 120_000);
    expect(leaving.left).toBe(false);
    expect(socket.connected).toBe(true);

    openGate();
    await until(() => leaving.left, 10_000, 'the page to let its socket go');
    expect(socket.connected).toBe(false);
    // Whoever opens the text next finds the change.
    const bob = await openEditor(server.url, data.headB.user, name);
    open.push(bob);
    expect(plainText(bob.doc)).toContain('Start. First words. Typed just before leaving.');
  });

  it('gives up waiting after the time it was given', async () => {
    const name = await newDocument();
    const { socket, docs, entry } = await page(name);
    await typeHeldBack(entry.doc, ' Never acknowledged.');
    const leaving = leave(docs, socket, 300);
    expect(leaving.left).toBe(false);
    await until(() => leaving.left, 5000, 'the page to give up');
    expect(socket.connected).toBe(false);
  });
});
