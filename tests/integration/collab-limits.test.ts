import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strands } from '@/db/schema';
import type { ClientSocket } from '@/lib/collab/client';
import { CollabSync } from '@/lib/collab/client';
import { DEFAULT_COLLAB_OPTIONS, MAX_DOCUMENT_BYTES } from '@/lib/collab/documents';
import { documentName } from '@/lib/collab/names';
import { documentHtml } from '@/lib/collab/prosemirror';
import { docFromPersisted, readDocument } from '@/lib/collab/store';
import type { RealtimeError } from '@/lib/realtime/events';
import { toBytes } from '@/lib/realtime/events';
import { LIMITS } from '@/lib/validation/plan-content';
import { type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer, until } from '../helpers/realtime';
import { type TestEditor, firstText, openEditor, plainText } from '../helpers/realtime-collab';
import { useTestDatabase } from '../helpers/test-db';

// A co-edited document has a size cap (docs/realtime.md): an update that would take its encoded
// state over it is refused with `document_too_large`, and is neither applied, stored nor relayed.

const testDb = useTestDatabase();
const CAP = 64 * 1024;
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  // The HTML's own cap (below) kept out of the way: these documents grow to the byte cap.
  server = await startRealtimeServer(testDb(), { collab: { pauseMs: 200, unloadAfterMs: 60_000, maxDocumentBytes: CAP, maxHtmlChars: 10 * CAP } });
});
afterAll(async () => {
  await server?.stop();
});
const open: { close: () => void }[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

/** A strand's key objective, as a document name; its HTML is written straight to the row (no limit checked). */
async function newDocument(keyObjective = '<p>Start.</p>'): Promise<string> {
  const [strand] = await testDb().db.insert(strands).values({ planId: data.plan.id, position: 5, title: 'Sized', keyObjective }).returning();
  return documentName('strand', strand.id, 'keyObjective');
}

/** A raw client of one document: its own Y.Doc, synced once, sending each change by hand. */
async function rawWriter(user: { id: string; sessionVersion: number }, name: string, url = server.url) {
  const socket: ClientSocket = connectClient(url, await sessionCookie(user));
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
  /** Deletes `length` characters of the first paragraph from `index` and sends exactly that change. */
  const remove = (index: number, length: number) => {
    const before = Y.encodeStateVector(doc);
    firstText(doc).delete(index, length);
    return socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(doc, before) });
  };
  return { socket, doc, append, remove };
}

async function storedText(name: string): Promise<string> {
  const stored = await readDocument(testDb().db, name);
  if (!stored) throw new Error(`${name} is not stored`);
  return plainText(docFromPersisted(stored));
}

/** After a refused change (TOOBIG) and a small one taken (AFTER): only the small one reached the watcher, the server's copy and the database. */
async function onlyAfterKept(at: TestServer, name: string, watcher: TestEditor): Promise<void> {
  await until(() => plainText(watcher.doc).includes('AFTER'), 5000, 'the small change to reach Bob');
  expect(plainText(watcher.doc)).not.toContain('TOOBIG');
  const live = at.realtime.collab.get(name);
  expect(live && plainText(live.doc)).not.toContain('TOOBIG');
  await at.realtime.collab.settle();
  const stored = await storedText(name);
  expect(stored).toContain('AFTER');
  expect(stored).not.toContain('TOOBIG');
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
    await onlyAfterKept(server, name, watcher);
    expect(plainText(watcher.doc)).toContain('FIRST');
    const live = server.realtime.collab.get(name);
    expect(live && Y.encodeStateAsUpdate(live.doc).byteLength).toBeLessThanOrEqual(CAP);
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

// The HTML a document renders to (what each revision saves to its field) is capped at what the
// field's command accepts, LIMITS.richText characters; here 2,000, so the documents stay small.
describe('document HTML length cap', () => {
  const LIMIT = 2000;
  const logged: string[] = [];
  let small: TestServer;
  beforeAll(async () => {
    small = await startRealtimeServer(testDb(), {
      collab: { pauseMs: 200, unloadAfterMs: 60_000, maxHtmlChars: LIMIT },
      log: (message) => logged.push(message),
    });
  });
  afterAll(async () => {
    await small?.stop();
  });

  const keyObjective = async (name: string) => {
    const [row] = await testDb()
      .db.select({ html: strands.keyObjective })
      .from(strands)
      .where(eq(strands.id, name.split(':')[1]));
    return row.html;
  };

  it('defaults to what a rich-text field may hold', () => {
    expect(DEFAULT_COLLAB_OPTIONS.maxHtmlChars).toBe(LIMITS.richText);
  });

  it('refuses an update that would make the HTML too long, keeps the connection, and neither relays nor stores it', async () => {
    const name = await newDocument();
    const watcher = await openEditor(small.url, data.headB.user, name);
    open.push(watcher);
    const alice = await rawWriter(data.headA.user, name, small.url);

    expect(await alice.append(` FIRST${'a'.repeat(1000)}`)).toEqual({ ok: true });
    // 300 characters of text, but 1,500 of HTML (each & is written &amp;): over the limit.
    const refused = await alice.append(` TOOBIG${'&'.repeat(300)}`);
    expect(refused).toMatchObject({ ok: false, error: { code: 'document_too_large' } });
    expect(!refused.ok && refused.error.message).toBe(
      'This text has reached its limit of 2,000 characters: your last change was not saved. Reload the page, remove some text, then carry on.',
    );
    expect(alice.socket.connected).toBe(true);

    // Synced afresh on the same socket (as a reload does), a small change is taken, relayed and stored.
    const again = await rawWriter(data.headA.user, name, small.url);
    expect(plainText(again.doc)).toContain('FIRST');
    expect(plainText(again.doc)).not.toContain('TOOBIG');
    expect(await again.append(' AFTER')).toEqual({ ok: true });
    await onlyAfterKept(small, name, watcher);
    const live = small.realtime.collab.get(name);
    expect(live && documentHtml(live.doc).length).toBeLessThanOrEqual(LIMIT);
  });

  it('saves an edit under the limit as a revision of the field', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name, small.url);
    expect(await alice.append(' Saved <as> a revision.')).toEqual({ ok: true });
    await until(async () => (await keyObjective(name)).includes('Saved &lt;as&gt; a revision.'), 5000, 'the revision');
    expect(await keyObjective(name)).toBe('<p>Start. Saved &lt;as&gt; a revision.</p>');
  });

  it('lets the HTML fill up to the limit in small steps and no further', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name, small.url);
    let refusal = null;
    for (let i = 0; i < 100 && !refusal; i++) {
      const result = await alice.append('&'.repeat(20));
      if (!result.ok) refusal = result.error.code;
    }
    expect(refusal).toBe('document_too_large');
    const live = small.realtime.collab.get(name);
    if (!live) throw new Error('the document is not loaded');
    const length = documentHtml(live.doc).length;
    // Refused only when 20 more would not have fitted (100 characters of HTML), never let past.
    expect(length).toBeLessThanOrEqual(LIMIT);
    expect(length + 100).toBeGreaterThan(LIMIT);
  });

  it('takes deletions in a document already over the limit, refuses more text, and says so when its revision cannot be saved', async () => {
    // Written before the limit was enforced: longer than this server's limit and than the field holds.
    const seeded = `<p>${'x'.repeat(LIMITS.richText + 100)}</p>`;
    const name = await newDocument(seeded);
    const alice = await rawWriter(data.headA.user, name, small.url);
    expect(await alice.append('y')).toMatchObject({ ok: false, error: { code: 'document_too_large' } });

    const bob = await rawWriter(data.headB.user, name, small.url);
    expect(await bob.remove(0, 10)).toEqual({ ok: true });
    // Still too long for the field: its revision is refused, and the log says so plainly.
    await until(() => logged.some((m) => m.includes(name)), 10_000, 'the revision to fail');
    expect(logged.find((m) => m.includes(name))).toMatch(/was NOT saved, nor will later ones be until the text fits its field, which refused it \(.*at most 50000 characters/);
    expect(await keyObjective(name)).toBe(seeded);

    expect(await bob.remove(0, LIMITS.richText - 1000)).toEqual({ ok: true });
    expect(await bob.append(' back under')).toEqual({ ok: true });
    await until(async () => (await keyObjective(name)).includes('back under'), 10_000, 'the revision once back under');
    expect(await keyObjective(name)).toBe(`<p>${'x'.repeat(1090)} back under</p>`);
  });

  it('counts what another process applied towards the limit', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name, small.url);
    expect(await alice.append('a')).toEqual({ ok: true });
    // Someone connected to another process typed 1,900 characters, relayed here (collab.update).
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(alice.doc));
    const before = Y.encodeStateVector(elsewhere);
    firstText(elsewhere).insert(0, 'r'.repeat(1900));
    small.realtime.collab.applyRemoteUpdate(name, Y.encodeStateAsUpdate(elsewhere, before));
    expect(await alice.append('b'.repeat(200))).toMatchObject({ ok: false, error: { code: 'document_too_large' } });
    // Synced afresh (her copy holds the refused text), a change that fits is taken.
    const again = await rawWriter(data.headA.user, name, small.url);
    expect(await again.append('b'.repeat(20))).toEqual({ ok: true });
  });

  it('does not render the document for small edits far from the limit', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name, small.url);
    expect(await alice.append('a')).toEqual({ ok: true });
    const live = small.realtime.collab.get(name);
    if (!live) throw new Error('the document is not loaded');
    // Measured once, for the first edit, from its structure (no render); each measure would set growth back to 0.
    const { measured } = live.htmlLength;
    expect(live.htmlLength.exact).toBe(false);
    expect(measured).toBeGreaterThanOrEqual('<p>Start.</p>'.length);
    expect(measured).toBeLessThan(200);
    for (let i = 0; i < 20; i++) expect(await alice.append('b')).toEqual({ ok: true });
    expect(live.htmlLength.measured).toBe(measured);
    expect(live.htmlLength.growth).toBeGreaterThanOrEqual(21);
    expect(live.htmlLength.growth).toBeLessThan(LIMIT);
  });

  it('measures a busy document of ordinary length from its structure, without rendering it', async () => {
    const name = await newDocument();
    const alice = await rawWriter(data.headA.user, name, small.url);
    expect(await alice.append('a'.repeat(1400))).toEqual({ ok: true });
    const live = small.realtime.collab.get(name);
    if (!live) throw new Error('the document is not loaded');
    // Each keystroke may lengthen the HTML by 17 (htmlGrowthBounds): within 40 of them the bound of
    // the growth reaches the limit, and the document is measured again, still without a render.
    for (let i = 0; i < 40; i++) expect(await alice.append('b')).toEqual({ ok: true });
    expect(live.htmlLength.measured).toBeGreaterThan(1400);
    expect(live.htmlLength.exact).toBe(false);
  });
});
