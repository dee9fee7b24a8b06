import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strands } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import { CollabSync } from '@/lib/collab/client';
import { DEFAULT_COLLAB_OPTIONS, MAX_DOCUMENT_BYTES } from '@/lib/collab/documents';
import { documentName } from '@/lib/collab/names';
import { docFromPersisted, readDocument } from '@/lib/collab/store';
import type { RealtimeError } from '@/lib/realtime/events';
import { toBytes } from '@/lib/realtime/events';
import { LIMITS } from '@/lib/validation/plan-content';
import { type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer, until } from '../helpers/realtime';
import { firstText, openEditor, plainText } from '../helpers/realtime-collab';
import { useTestDatabase } from '../helpers/test-db';

// A co-edited document has a size cap (docs/realtime.md): an update that would take its encoded
// state over it is refused with `document_too_large`, and is neither applied, stored nor relayed.

const testDb = useTestDatabase();
const CAP = 64 * 1024;
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), { collab: { pauseMs: 200, unloadAfterMs: 60_000, maxDocumentBytes: CAP } });
});
afterAll(async () => {
  await server?.stop();
});
const open: { close: () => void }[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

async function newDocument(): Promise<string> {
  const [strand] = await testDb()
    .db.insert(strands)
    .values({ planId: data.plan.id, position: 5, title: 'Sized', keyObjective: '<p>Start.</p>' })
    .returning();
  return documentName('strand', strand.id, 'keyObjective');
}

/** A raw client of one document: its own Y.Doc, synced once, sending each change by hand. */
async function rawWriter(user: { id: string; sessionVersion: number }, name: string) {
  const socket: ClientSocket = connectClient(server.url, await sessionCookie(user));
  open.push({ close: () => socket.close() });
  await connected(socket);
  const doc = new Y.Doc();
  const synced = await socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(doc) });
  if (!synced.ok) throw new Error(synced.error.message);
  Y.applyUpdate(doc, toBytes(synced.update));
  /** Appends `text` to the first paragraph and sends exactly that change. */
  const append = (text: string) => {
    const before = Y.encodeStateVector(doc);
    const t = firstText(doc);
    t.insert(t.length, text);
    return socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(doc, before) });
  };
  return { socket, doc, append };
}

async function storedText(name: string): Promise<string> {
  const stored = await readDocument(testDb().db, name);
  if (!stored) throw new Error(`${name} is not stored`);
  return plainText(docFromPersisted(stored));
}

describe('document size cap', () => {
  it('defaults to 1 MB, many times what a rich-text field may hold as HTML', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(1024 * 1024);
    expect(DEFAULT_COLLAB_OPTIONS.maxDocumentBytes).toBe(MAX_DOCUMENT_BYTES);
    expect(MAX_DOCUMENT_BYTES).toBeGreaterThan(10 * LIMITS.richText);
  });

  it('refuses an update that would take the document over the cap, keeps the connection, and neither relays nor stores it', async () => {
    const name = await newDocument();
    const watcher = await openEditor(server.url, data.headB.user, name);
    open.push(watcher);
    const alice = await rawWriter(data.headA.user, name);

    expect(await alice.append(` FIRST${'a'.repeat(30_000)}`)).toEqual({ ok: true });
    const refused = await alice.append(` TOOBIG${'b'.repeat(40_000)}`);
    expect(refused).toMatchObject({ ok: false, error: { code: 'document_too_large' } });
    expect(!refused.ok && refused.error.message).toMatch(/size limit \(64 KB\)/);
    expect(alice.socket.connected).toBe(true);

    // The connection carries on: synced afresh on the same socket (as a reload does, since her copy
    // holds text the server never took), a small change is taken, relayed and stored.
    const fresh = new Y.Doc();
    const again = await alice.socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(fresh) });
    if (!again.ok) throw new Error(again.error.message);
    Y.applyUpdate(fresh, toBytes(again.update));
    expect(plainText(fresh)).toContain('FIRST');
    expect(plainText(fresh)).not.toContain('TOOBIG');
    const before = Y.encodeStateVector(fresh);
    const text = firstText(fresh);
    text.insert(text.length, ' AFTER');
    expect(await alice.socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(fresh, before) })).toEqual({ ok: true });
    await until(() => plainText(watcher.doc).includes('AFTER'), 5000, 'the small change to reach Bob');
    expect(plainText(watcher.doc)).toContain('FIRST');
    expect(plainText(watcher.doc)).not.toContain('TOOBIG');

    const live = server.realtime.collab.get(name);
    expect(live && plainText(live.doc)).not.toContain('TOOBIG');
    expect(live && Y.encodeStateAsUpdate(live.doc).byteLength).toBeLessThanOrEqual(CAP);
    await server.realtime.collab.settle();
    const stored = await storedText(name);
    expect(stored).toContain('AFTER');
    expect(stored).not.toContain('TOOBIG');
  });

  it('lets a document fill up to the cap in small steps and no further', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name);
    const chunk = 'c'.repeat(2000);
    let accepted = 0;
    for (let i = 0; i < 100; i++) {
      const result = await alice.append(chunk);
      if (!result.ok) {
        expect(result.error.code).toBe('document_too_large');
        break;
      }
      accepted++;
    }
    const live = server.realtime.collab.get(name);
    if (!live) throw new Error('the document is not loaded');
    const size = Y.encodeStateAsUpdate(live.doc).byteLength;
    // Refused only when one more chunk would not have fitted, never let past the cap.
    expect(size).toBeLessThanOrEqual(CAP);
    expect(size + chunk.length + 200).toBeGreaterThan(CAP);
    expect(plainText(live.doc).split('c').length - 1).toBe(accepted * chunk.length);
  });

  it('tells the reference client, which stops sending and turns read-only until synced afresh', async () => {
    const name = await newDocument();
    const socket: ClientSocket = connectClient(server.url, await sessionCookie(data.headA.user));
    const doc = new Y.Doc();
    const errors: RealtimeError[] = [];
    const sync = new CollabSync({ socket, name, doc, ackTimeoutMs: 3000, onError: (e) => errors.push(e) });
    open.push({ close: () => (sync.destroy(), socket.close()) });
    await until(() => sync.synced, 10_000, 'the first sync');
    const t = firstText(doc);
    t.insert(t.length, 'd'.repeat(70_000));
    await until(() => errors.length > 0, 5000, 'the refusal');
    expect(errors[0]).toMatchObject({ code: 'document_too_large' });
    expect(sync.pendingUpdates).toBe(0);
    expect(sync.canEdit).toBe(false);
    expect(socket.connected).toBe(true);
  });
});
