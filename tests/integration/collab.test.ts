import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditEvents, collabDocuments, collabUpdates, plans, strands } from '@/db/schema';
import { encodeAwareness } from '@/lib/collab/awareness';
import { loadActor } from '@/lib/auth/actor';
import { CollabManager, DEFAULT_COLLAB_OPTIONS, MAX_CARETS_PER_DOC, MalformedUpdateError } from '@/lib/collab/documents';
import { documentName, parseDocumentName } from '@/lib/collab/names';
import { documentHtml } from '@/lib/collab/prosemirror';
import { seedUpdateFromHtml } from '@/lib/collab/prosemirror';
import { appendUpdates, compactDocument, createDocumentOnce, docFromPersisted, readDocument } from '@/lib/collab/store';
import { loadTarget } from '@/lib/collab/targets';
import { type CommittedChange, onCommitted } from '@/lib/realtime/bus';
import { type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer, until } from '../helpers/realtime';
import { type TestEditor, converged, firstText, occurrences, openEditor, plainText, tokenBoundaries } from '../helpers/realtime-collab';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;
const PAUSE_MS = 300;
const options = { collab: { pauseMs: PAUSE_MS, compactAfterUpdates: 8, unloadAfterMs: 60_000 } };

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), options);
});
afterAll(async () => {
  await server?.stop();
});
const editors: { close: () => void }[] = [];
afterEach(() => {
  for (const e of editors.splice(0)) e.close();
});
async function editor(user: { id: string; sessionVersion: number }, name: string, url = server.url) {
  const e = await openEditor(url, user, name);
  editors.push(e);
  return e;
}

async function newStrand(html: string) {
  const [strand] = await testDb()
    .db.insert(strands)
    .values({ planId: data.plan.id, position: 9, title: 'Extra', keyObjective: html, intendedImpact: html })
    .returning();
  return strand;
}

/** Collects committed `strand.update` events of a strand. */
function strandUpdates(strandId: string) {
  const seen: CommittedChange[] = [];
  const stop = onCommitted((changes) => seen.push(...changes.filter((c) => c.verb === 'strand.update' && c.entityId === strandId)));
  return { seen, stop };
}

async function auditRows(strandId: string) {
  return testDb()
    .db.select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, strandId), eq(auditEvents.verb, 'strand.update')))
    .orderBy(asc(auditEvents.seq));
}

describe('document names', () => {
  it('name a strand’s rich-text fields and nothing else', () => {
    const id = crypto.randomUUID();
    expect(parseDocumentName(documentName('strand', id, 'keyObjective'))).toMatchObject({ kind: 'strand', id, field: 'keyObjective' });
    expect(parseDocumentName(`strand:${id}:title`)).toBeNull();
    expect(parseDocumentName(`plan:${id}:keyObjective`)).toBeNull();
    expect(parseDocumentName(`strand:${id}:keyObjective:x`)).toBeNull();
  });
});

describe('co-editing', () => {
  it('converges two people typing in one field at once, nothing lost or duplicated', async () => {
    const strand = await newStrand('<p>Joint moderation.</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const a = await editor(data.headA.user, name);
    const b = await editor(data.headB.user, name);
    expect(plainText(a.doc)).toBe('Joint moderation.\n');
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      for (const [who, e] of [['A', a], ['B', b]] as const) {
        const token = `[${who}${i}]`;
        tokens.push(token);
        const text = firstText(e.doc);
        const places = tokenBoundaries(text.toString());
        text.insert(places[Math.floor(Math.random() * places.length)], token);
      }
    }
    const final = await converged([a, b]);
    const text = plainText(a.doc);
    for (const t of tokens) expect(occurrences(text, t), t).toBe(1);
    expect(text.replace(/\[[AB]\d+\]/g, '')).toBe('Joint moderation.\n');
    // The server's copy and the stored one hold the same.
    expect(server.realtime.collab.get(name)?.doc.getXmlFragment('default').toString()).toBe(final);
    const stored = await readDocument(testDb().db, name);
    expect(stored && docFromPersisted(stored).getXmlFragment('default').toString()).toBe(final);
  });

  it('acknowledges an update only once it is stored', async () => {
    const strand = await newStrand('<p>Stored</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const a = await editor(data.headA.user, name);
    const sv = Y.encodeStateVector(a.doc);
    a.sync.destroy();
    firstText(a.doc).insert(0, 'ACKED ');
    const result = await a.socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(a.doc, sv) });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_synced' } });
    await a.socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(await a.socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(a.doc, sv) })).toEqual({ ok: true });
    const stored = await readDocument(testDb().db, name);
    expect(stored && plainText(docFromPersisted(stored))).toBe('ACKED Stored\n');
  });

  it('relays updates and carets as base64 text (one frame each), and takes base64 or binary from clients', async () => {
    const strand = await newStrand('<p>Wire</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const a = await editor(data.headA.user, name);
    const b = await editor(data.headB.user, name);
    // What reaches B, as socket.io decoded it: 2 is a plain event, 5 one with binary attachments.
    const relayed: { type: number; event: string; update: unknown }[] = [];
    b.socket.io.on('packet', (packet) => {
      const [event, payload] = (packet.data ?? []) as [string, { update?: unknown }];
      if (event === 'doc.update' || event === 'doc.awareness') relayed.push({ type: packet.type, event, update: payload?.update });
    });
    firstText(a.doc).insert(0, 'typed ');
    a.awareness.setLocalState({ user: { name: 'A', color: '#000' }, cursor: { anchor: 1, head: 1 } });
    await until(() => plainText(b.doc).startsWith('typed Wire') && b.awareness.getStates().has(a.doc.clientID), 5000, 'A’s text and caret at B');
    expect(new Set(relayed.map((r) => r.event))).toEqual(new Set(['doc.update', 'doc.awareness']));
    for (const r of relayed) {
      expect(r.type).toBe(2);
      expect(r.update).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    }

    // A hand-written client may send base64 or binary; anything else is refused and changes nothing.
    const sv = Y.encodeStateVector(a.doc);
    a.sync.destroy();
    await a.socket.emitWithAck('doc.sync', { name, stateVector: Buffer.from(sv).toString('base64') });
    const before = plainText(b.doc);
    expect(await a.socket.emitWithAck('doc.update', { name, update: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    firstText(a.doc).insert(0, 'binary ');
    expect(await a.socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(a.doc, sv) })).toEqual({ ok: true });
    const sv2 = Y.encodeStateVector(a.doc);
    firstText(a.doc).insert(0, 'text ');
    const asText = Buffer.from(Y.encodeStateAsUpdate(a.doc, sv2)).toString('base64');
    expect(await a.socket.emitWithAck('doc.update', { name, update: asText })).toEqual({ ok: true });
    await until(() => plainText(b.doc) === `text binary ${before}`, 5000, 'both updates at B');
  });

  it('relays carets with the server’s name for each person, and removes them when they leave', async () => {
    const strand = await newStrand('<p>Carets</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const a = await editor(data.headA.user, name);
    const b = await editor(data.headB.user, name);
    a.awareness.setLocalState({ user: { name: 'Mallory', color: '#000' }, cursor: { anchor: 1, head: 1 } });
    await until(() => b.awareness.getStates().has(a.doc.clientID), 5000, 'A’s caret at B');
    expect(b.awareness.getStates().get(a.doc.clientID)).toMatchObject({ user: { id: data.headA.user.id, name: 'Alice Head' }, cursor: { anchor: 1 } });
    // Someone arriving later gets the carets with their first sync.
    const c = await editor(data.governor.user, name);
    expect(c.awareness.getStates().get(a.doc.clientID)).toMatchObject({ user: { name: 'Alice Head' } });
    a.close();
    await until(() => !b.awareness.getStates().has(a.doc.clientID), 5000, 'A’s caret to go');
  });
});

describe('write targets', () => {
  it('answers doc.sync with the target as it is after loading, not as it was read before', async () => {
    const strand = await newStrand('<p>Target</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const { db } = testDb();
    const [plan] = await db.select({ status: plans.status }).from(plans).where(eq(plans.id, data.plan.id));
    const collab = server.realtime.collab;
    const original = collab.open;
    // The plan is archived (and loaded documents refreshed) while this document is loading.
    collab.open = async (ref, target) => {
      await db.update(plans).set({ status: 'archived' }).where(eq(plans.id, data.plan.id));
      await collab.refreshTargets(data.plan.id);
      return original.call(collab, ref, target);
    };
    try {
      const socket = connectClient(server.url, await sessionCookie(data.headA.user));
      editors.push({ close: () => socket.close() });
      await connected(socket);
      const synced = await socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(new Y.Doc()) });
      expect(synced).toMatchObject({ ok: true, canEdit: false });
      const doc = new Y.Doc();
      doc.getText('x').insert(0, 'no');
      const result = await socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(doc) });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      collab.open = original;
      await db.update(plans).set({ status: plan.status }).where(eq(plans.id, data.plan.id));
      await collab.refreshTargets(data.plan.id);
    }
  });
});

describe('awareness limits', () => {
  function carets(states: { clientId: number; state: string }[]): Uint8Array {
    return encodeAwareness(states.map((s) => ({ ...s, clock: 1 })));
  }
  const caret = JSON.stringify({ cursor: { anchor: 1, head: 1 } });

  it('ties client ids to the socket, caps their number and size, and drops carets of sockets gone', async () => {
    const strand = await newStrand('<p>Limits</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    // The governor may only read, and still cannot flood the document with carets.
    const g = await editor(data.governor.user, name);
    const a = await editor(data.headA.user, name);
    const send = (e: TestEditor, update: Uint8Array) => e.socket.emitWithAck('doc.awareness', { name, update });
    const cd = server.realtime.collab.get(name);
    // The editors' own carets go, so the test sends every caret itself.
    g.awareness.setLocalState(null);
    a.awareness.setLocalState(null);
    await until(() => cd?.carets.size === 0, 5000, 'own carets to go');
    const three = carets([1001, 1002, 1003].map((clientId) => ({ clientId, state: caret })));
    expect(await send(g, three)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(cd?.carets.size).toBe(0);
    expect(await send(g, carets([1001, 1002].map((clientId) => ({ clientId, state: caret }))))).toEqual({ ok: true });
    expect(await send(g, carets([{ clientId: 1003, state: caret }]))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // Giving one up frees its place.
    expect(await send(g, carets([{ clientId: 1002, state: 'null' }]))).toEqual({ ok: true });
    expect(await send(g, carets([{ clientId: 1003, state: caret }]))).toEqual({ ok: true });
    // Someone else's client id is theirs.
    expect(await send(a, carets([{ clientId: 1001, state: caret }]))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // One state is at most 1 KiB once stamped.
    const big = JSON.stringify({ cursor: { anchor: 1, head: 1 }, pad: 'x'.repeat(1000) });
    expect(await send(a, carets([{ clientId: 2001, state: big }]))).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect([...(cd?.carets.keys() ?? [])].sort()).toEqual([1001, 1003]);
    // A caret whose socket is no longer subscribed is neither kept nor handed out.
    cd?.subscribers.delete(g.socket.id ?? '');
    expect(cd?.caretsUpdate()).toBeNull();
    expect(cd?.carets.size).toBe(0);
  });

  it('caps the carets of one document', async () => {
    const strand = await newStrand('<p>Crowd</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const a = await editor(data.headA.user, name);
    const cd = server.realtime.collab.get(name);
    if (!cd) throw new Error('not loaded');
    for (let i = 0; i < MAX_CARETS_PER_DOC; i++) {
      cd.acceptRemoteAwareness(carets([{ clientId: 5000 + i, state: caret }]));
    }
    cd.acceptRemoteAwareness(carets([{ clientId: 9999, state: caret }]));
    expect(cd.carets.size).toBe(MAX_CARETS_PER_DOC);
    const result = await a.socket.emitWithAck('doc.awareness', { name, update: carets([{ clientId: 4000, state: caret }]) });
    expect(result).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});

describe('seeding', () => {
  it('happens exactly once under concurrent loads, and never again', async () => {
    const strand = await newStrand('<p>Seed me once.</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const ref = parseDocumentName(name);
    if (!ref) throw new Error('bad name');
    const { db } = testDb();
    const target = await loadTarget(db, ref);
    if (!target) throw new Error('no target');
    // Two more "processes" load the same document while clients sync it through the server.
    const others = [1, 2].map(() => new CollabManager(() => db, { ...DEFAULT_COLLAB_OPTIONS }, () => {}));
    const [e1, e2, e3, d1, d2] = await Promise.all([
      editor(data.headA.user, name),
      editor(data.headB.user, name),
      editor(data.governor.user, name),
      others[0].open(ref, target),
      others[1].open(ref, target),
    ]);
    await converged([e1, e2, e3]);
    for (const doc of [e1.doc, d1.doc, d2.doc]) expect(occurrences(plainText(doc), 'Seed me once.')).toBe(1);
    const rows = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    expect(rows).toHaveLength(1);
    expect(rows[0].seededAt).toBeInstanceOf(Date);
    await Promise.all(others.map((m) => m.close()));

    // Restart: the stored document is loaded, not seeded again, even if the SQL copy changed.
    await db.update(strands).set({ keyObjective: '<p>Changed behind its back.</p>' }).where(eq(strands.id, strand.id));
    await server.stop();
    server = await startRealtimeServer(testDb(), options);
    const again = await editor(data.headA.user, name);
    expect(plainText(again.doc)).toBe('Seed me once.\n');
  });
});

describe('revisions', () => {
  it('are copied to the strand and its history, one per author per pause, attributed to who typed', async () => {
    const strand = await newStrand('<p>Start.</p>');
    const name = documentName('strand', strand.id, 'keyObjective');
    const events = strandUpdates(strand.id);
    try {
      const a = await editor(data.headA.user, name);
      const b = await editor(data.headB.user, name);
      // Alice types in bursts shorter than a pause: one revision.
      for (const word of [' Alice', ' types', ' here.']) {
        const text = firstText(a.doc);
        text.insert(text.length, word);
        await new Promise((r) => setTimeout(r, PAUSE_MS / 4));
      }
      await until(() => events.seen.length === 1, 5000, 'Alice’s revision');
      let rows = await auditRows(strand.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorUserId: data.headA.user.id, actorName: 'Alice Head' });
      expect(rows[0].changes).toEqual([{ field: 'keyObjective', before: '<p>Start.</p>', after: '<p>Start. Alice types here.</p>' }]);

      // Both type; Alice pauses while Bob goes on: her revision leaves out his unfinished words.
      await converged([a, b]);
      firstText(a.doc).insert(0, 'A1 ');
      const text = firstText(b.doc);
      text.insert(text.length, ' B1');
      const bobGoesOn = (async () => {
        for (let i = 2; i < 8; i++) {
          await new Promise((r) => setTimeout(r, PAUSE_MS / 3));
          const t = firstText(b.doc);
          t.insert(t.length, ` B${i}`);
        }
      })();
      await until(() => events.seen.length === 2, 5000, 'Alice’s second revision');
      rows = await auditRows(strand.id);
      expect(rows[1]).toMatchObject({ actorUserId: data.headA.user.id });
      expect(rows[1].changes[0].after).toBe('<p>A1 Start. Alice types here.</p>');
      await bobGoesOn;
      await until(() => events.seen.length === 3, 5000, 'Bob’s revision');
      rows = await auditRows(strand.id);
      expect(rows[2]).toMatchObject({ actorUserId: data.headB.user.id, actorName: 'Bob Head' });
      expect(rows[2].changes[0].after).toBe('<p>A1 Start. Alice types here. B1 B2 B3 B4 B5 B6 B7</p>');
      const [row] = await testDb().db.select().from(strands).where(eq(strands.id, strand.id));
      expect(row.keyObjective).toBe(documentHtml(a.doc));
      expect(row.version).toBe(strand.version + 3);
    } finally {
      events.stop();
    }
  });
});

/** A new strand's key objective loaded on the server (an editor has it open), and both heads as actors. */
async function loadedWithBothHeads(html: string) {
  const strand = await newStrand(html);
  const name = documentName('strand', strand.id, 'keyObjective');
  await editor(data.headA.user, name);
  const cd = server.realtime.collab.get(name);
  if (!cd) throw new Error('the document is not loaded');
  const [alice, bob] = await Promise.all([
    loadActor(testDb().db, data.headA.user.id, data.headA.user.sessionVersion),
    loadActor(testDb().db, data.headB.user.id, data.headB.user.sessionVersion),
  ]);
  if (!alice || !bob) throw new Error('the heads did not load');
  return { strand, cd, alice, bob };
}

describe('updates applied in one turn', () => {
  it('are each their author’s revision; a resent one makes none, a malformed one is refused alone', async () => {
    const { strand, cd, alice, bob } = await loadedWithBothHeads('<p>Start.</p>');
    const events = strandUpdates(strand.id);
    try {
      // People's changes, made on copies of the document as the server has it.
      const change = (edit: (text: Y.XmlText) => void) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(cd.doc));
        const before = Y.encodeStateVector(copy);
        edit(firstText(copy));
        return Y.encodeStateAsUpdate(copy, before);
      };
      const fromAlice = change((t) => t.insert(t.length, ' Alice'));
      const fromBob = change((t) => t.insert(0, 'Bob '));
      const collab = server.realtime.collab;
      const applied: string[] = [];
      // Queued in one turn: applied in one transaction at its end.
      const results = await Promise.allSettled([
        collab.applyClientUpdate(cd, fromAlice, alice, () => applied.push('alice')),
        collab.applyClientUpdate(cd, new Uint8Array([0, 1, 2, 250, 255]), bob, () => applied.push('garbage')),
        collab.applyClientUpdate(cd, fromBob, bob, () => applied.push('bob')),
        collab.applyClientUpdate(cd, fromAlice, alice, () => applied.push('alice again')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(MalformedUpdateError);
      expect(applied).toEqual(['alice', 'bob', 'alice again']);
      await until(() => events.seen.length === 2, 5000, 'both revisions');
      let rows = await auditRows(strand.id);
      expect(rows.map((r) => [r.actorUserId, r.changes[0].after])).toEqual([
        [alice.id, '<p>Start. Alice</p>'],
        [bob.id, '<p>Bob Start. Alice</p>'],
      ]);
      // Alice's change sent again (as after a reconnect) changes nothing: no revision of hers
      // comes before Bob's next one.
      await collab.applyClientUpdate(cd, fromAlice, alice, () => {});
      expect(plainText(cd.doc)).toBe('Bob Start. Alice\n');
      await collab.applyClientUpdate(cd, change((t) => t.insert(t.length, '!')), bob, () => {});
      await until(() => events.seen.length === 3, 5000, 'Bob’s second revision');
      rows = await auditRows(strand.id);
      expect(rows).toHaveLength(3);
      expect([rows[2].actorUserId, rows[2].changes[0].after]).toEqual([bob.id, '<p>Bob Start. Alice!</p>']);
      expect(plainText(cd.doc)).toBe('Bob Start. Alice!\n');
    } finally {
      events.stop();
    }
  });
});

describe('updates waiting for a missing one', () => {
  it('do not make the next batch’s text everyone’s: each author keeps their own revision', async () => {
    const { strand, cd, alice, bob } = await loadedWithBothHeads('<p>Start.</p>');
    const events = strandUpdates(strand.id);
    try {
      const copy = () => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Y.encodeStateAsUpdate(cd.doc));
        return d;
      };
      // Someone's second change arrives without their first (refused, or lost between processes):
      // it waits in the document for good.
      const lost = copy();
      const t = firstText(lost);
      t.insert(t.length, ' never');
      const afterFirst = Y.encodeStateVector(lost);
      t.insert(t.length, ' seen');
      await server.realtime.collab.applyClientUpdate(cd, Y.encodeStateAsUpdate(lost, afterFirst), alice, () => {});
      expect(cd.doc.store.pendingStructs).not.toBeNull();
      // As an editor sends it: the update of its own change.
      const change = (edit: (text: Y.XmlText) => void) => {
        const d = copy();
        const sent: Uint8Array[] = [];
        d.on('update', (u: Uint8Array) => sent.push(u));
        edit(firstText(d));
        return sent[0];
      };
      await Promise.all([
        server.realtime.collab.applyClientUpdate(cd, change((x) => x.insert(x.length, ' Alice')), alice, () => {}),
        server.realtime.collab.applyClientUpdate(cd, change((x) => x.insert(0, 'Bob ')), bob, () => {}),
      ]);
      await until(() => events.seen.length === 2, 5000, 'both revisions');
      const rows = await auditRows(strand.id);
      expect(rows.map((r) => [r.actorUserId, r.changes[0].after])).toEqual([
        [alice.id, '<p>Start. Alice</p>'],
        [bob.id, '<p>Bob Start. Alice</p>'],
      ]);
    } finally {
      events.stop();
    }
  });
});

describe('compaction', () => {
  it('folds stored updates into the snapshot and deletes exactly those rows', async () => {
    const strand = await newStrand('<p>Compact</p>');
    const name = documentName('strand', strand.id, 'intendedImpact');
    const a = await editor(data.headA.user, name);
    const { db } = testDb();
    for (let i = 0; i < 20; i++) {
      const text = firstText(a.doc);
      text.insert(text.length, ` ${i}`);
      await until(() => a.sync.pendingUpdates === 0, 5000, 'ack');
    }
    await until(
      async () => {
        const [doc] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
        return doc.compactedThrough > 0;
      },
      5000,
      'compaction',
    );
    await server.realtime.collab.settle();
    const [doc] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    const rows = await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name));
    expect(rows.length).toBeLessThan(20);
    expect(rows.every((r) => r.id > doc.compactedThrough)).toBe(true);
    const stored = await readDocument(db, name);
    expect(stored && plainText(docFromPersisted(stored))).toBe(plainText(a.doc));
    expect(plainText(a.doc)).toBe(`Compact${Array.from({ length: 20 }, (_, i) => ` ${i}`).join('')}\n`);
  });
  it('appends a batch as rows in the order given, each with its sender, size and time', async () => {
    const strand = await newStrand('<p>Rows</p>');
    const name = documentName('strand', strand.id, 'intendedImpact');
    const { db } = testDb();
    await createDocumentOnce(db, name, data.plan.id, async () => seedUpdateFromHtml('<p>Rows</p>'));
    const before = new Date(Date.now() - 1000);
    const updates = [new Uint8Array([0, 0]), new Uint8Array([0, 1, 2, 255]), new Uint8Array(0)];
    const ids = await appendUpdates(db, [
      { documentName: name, update: updates[0], userId: data.headA.user.id },
      { documentName: name, update: updates[1], userId: null },
      { documentName: name, update: updates[2], userId: data.headB.user.id },
    ]);
    expect(ids).toHaveLength(3);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const rows = await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name)).orderBy(asc(collabUpdates.id));
    expect(rows.map((r) => [r.id, [...r.update], r.userId, r.size])).toEqual([
      [ids[0], [0, 0], data.headA.user.id, 2],
      [ids[1], [0, 1, 2, 255], null, 4],
      [ids[2], [], data.headB.user.id, 0],
    ]);
    for (const r of rows) expect(r.createdAt.getTime()).toBeGreaterThan(before.getTime());
    await db.delete(collabUpdates).where(eq(collabUpdates.documentName, name));
  });
  it('compacts from the document in memory: every row goes, the snapshot is its state, other documents keep theirs', async () => {
    const { db } = testDb();
    const names = [];
    for (const html of ['<p>Live</p>', '<p>Neighbour</p>']) {
      const strand = await newStrand(html);
      const name = documentName('strand', strand.id, 'intendedImpact');
      await createDocumentOnce(db, name, data.plan.id, async () => seedUpdateFromHtml(html));
      names.push(name);
    }
    const [name, neighbour] = names;
    const stored = await readDocument(db, name);
    if (!stored) throw new Error('not created');
    const live = docFromPersisted(stored);
    const rows: Uint8Array[] = [];
    live.on('update', (u: Uint8Array) => rows.push(u));
    for (let i = 0; i < 30; i++) firstText(live).insert(firstText(live).length, ` ${i}`);
    const ids = await appendUpdates(db, rows.map((update) => ({ documentName: name, update, userId: data.headA.user.id })));
    await appendUpdates(db, [{ documentName: neighbour, update: rows[0], userId: null }]);
    // Typed here but not appended yet: the snapshot takes it too.
    firstText(live).insert(0, 'Still ');

    expect(await compactDocument(db, name, { doc: live, origin: null, current: () => true, holdsEveryRow: true })).toBe(30);
    expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).toEqual([]);
    expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, neighbour))).toHaveLength(1);
    const [row] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    expect(row.compactedThrough).toBe(Math.max(...ids));
    const after = await readDocument(db, name);
    expect(after && plainText(docFromPersisted(after))).toBe(plainText(live));
    expect(plainText(live)).toBe(`Still Live${Array.from({ length: 30 }, (_, i) => ` ${i}`).join('')}\n`);
    // Nothing left to fold.
    expect(await compactDocument(db, name, { doc: live, origin: null, current: () => true, holdsEveryRow: true })).toBe(0);
  });
  it('compacting from memory keeps rows another copy stored, and a dropped copy compacts nothing', async () => {
    const { db } = testDb();
    const strand = await newStrand('<p>Copies</p>');
    const name = documentName('strand', strand.id, 'intendedImpact');
    await createDocumentOnce(db, name, data.plan.id, async () => seedUpdateFromHtml('<p>Copies</p>'));
    const stored = await readDocument(db, name);
    if (!stored) throw new Error('not created');
    const mine = docFromPersisted(stored);
    const dropped = docFromPersisted(stored);
    const edit = (d: Y.Doc, text: string) => {
      const sv = Y.encodeStateVector(d);
      firstText(d).insert(firstText(d).length, text);
      return Y.encodeStateAsUpdate(d, sv);
    };
    // A copy dropped after a failed write stored this one; the copy now in use never saw it.
    await appendUpdates(db, [{ documentName: name, update: edit(dropped, ' stray'), userId: null }]);
    await appendUpdates(db, [{ documentName: name, update: edit(mine, ' mine'), userId: null }]);
    const [before] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));

    // The dropped copy changes nothing.
    expect(await compactDocument(db, name, { doc: dropped, origin: null, current: () => false, holdsEveryRow: true })).toBe(0);
    expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).toHaveLength(2);
    const [unchanged] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    expect(Buffer.from(unchanged.snapshot ?? []).equals(Buffer.from(before.snapshot ?? []))).toBe(true);

    // The copy in use reads the rows, takes the stray one in, and folds both.
    expect(await compactDocument(db, name, { doc: mine, origin: null, current: () => true, holdsEveryRow: false })).toBe(2);
    expect(plainText(mine)).toMatch(/^Copies( stray mine| mine stray)\n$/);
    const after = await readDocument(db, name);
    expect(after?.updates).toEqual([]);
    expect(after && plainText(docFromPersisted(after))).toBe(plainText(mine));
  });
  it('after a failed write, the reloaded copy keeps what the dropped copy stored after it loaded, through its compaction', async () => {
    const { db } = testDb();
    const strand = await newStrand('<p>Dropped</p>');
    const name = documentName('strand', strand.id, 'intendedImpact');
    const ref = parseDocumentName(name);
    const target = ref && (await loadTarget(db, ref));
    if (!ref || !target) throw new Error('no target');
    // The appends (batches of updates) wait for the test; the first one fails.
    const gates: { release: () => void }[] = [];
    const gated = new Proxy(db, {
      get(real, key, receiver) {
        if (key !== 'insert') return Reflect.get(real, key, receiver);
        return (table: typeof collabUpdates) => {
          const insert = real.insert(table);
          return {
            select: (query: Parameters<typeof insert.select>[0]) => ({
              returning: (fields: { id: typeof collabUpdates.id }) => {
                const fail = gates.length === 0;
                return new Promise<void>((release) => gates.push({ release })).then(() => {
                  if (fail) throw new Error('the database refused the batch');
                  return insert.select(query).returning(fields);
                });
              },
            }),
          };
        };
      },
    }) as typeof db;
    const log: string[] = [];
    const manager = new CollabManager(() => gated, { ...DEFAULT_COLLAB_OPTIONS, batchDelayMs: 1, compactAfterUpdates: 1, compactAfterBytes: 1 }, (m) => log.push(m));
    try {
      const dropped = await manager.open(ref, target);
      // Each typed by a client of its own from what it last saw, so none depends on another.
      const client = (text: string, at: Y.Doc | Uint8Array) => {
        const d = new Y.Doc();
        Y.applyUpdate(d, at instanceof Y.Doc ? Y.encodeStateAsUpdate(at) : at);
        const sv = Y.encodeStateVector(d);
        firstText(d).insert(firstText(d).length, text);
        return Y.encodeStateAsUpdate(d, sv);
      };
      const actor = data.headA.actor;
      const loaded = Y.encodeStateAsUpdate(dropped.doc);
      const first = manager.applyClientUpdate(dropped, client(' refused', loaded), actor, () => {});
      first.catch(() => {});
      await until(() => gates.length === 1, 5000, 'first batch');
      // Typed by someone else while the first batch is in flight: it goes in the next batch.
      const stray = manager.applyClientUpdate(dropped, client(' stray', loaded), actor, () => {});
      gates[0].release();
      await expect(first).rejects.toThrow();
      expect(manager.get(name)).toBeUndefined();
      await until(() => gates.length === 2, 5000, 'second batch');
      // The document is loaded again before the dropped copy's second batch is stored.
      const current = await manager.open(ref, target);
      expect(current).not.toBe(dropped);
      expect(plainText(current.doc)).not.toContain('stray');
      gates[1].release();
      await stray;
      // Enough typed into the current copy that it compacts at once.
      const typed = manager.applyClientUpdate(current, client(` ${'kept '.repeat(200)}`, current.doc), actor, () => {});
      await until(() => gates.length === 3, 5000, 'third batch');
      gates[2].release();
      await typed;
      await until(async () => (await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).length === 0, 5000, 'compaction');
      const stored = await readDocument(db, name);
      const text = stored ? plainText(docFromPersisted(stored)) : '';
      expect(text).toContain(' stray');
      expect(text).toContain('kept kept');
      expect(text).not.toContain('refused');
      expect(plainText(current.doc)).toBe(text);
    } finally {
      for (const g of gates) g.release();
      await manager.close();
    }
  });
  it('keeps a batch committed after a compaction with an id below the rows it folded', async () => {
    const strand = await newStrand('<p>Late</p>');
    const name = documentName('strand', strand.id, 'intendedImpact');
    const { db } = testDb();
    await createDocumentOnce(db, name, data.plan.id, async () => seedUpdateFromHtml('<p>Late</p>'));
    const stored = await readDocument(db, name);
    if (!stored) throw new Error('not created');
    const doc = docFromPersisted(stored);
    const edit = (d: Y.Doc, text: string) => {
      const sv = Y.encodeStateVector(d);
      const t = firstText(d);
      t.insert(t.length, text);
      return Y.encodeStateAsUpdate(d, sv);
    };
    const other = docFromPersisted(stored);
    // Another process took an id (nextval) for its batch, then committed only after a compaction.
    const late = edit(other, ' late');
    const [reserved] = await appendUpdates(db, [{ documentName: name, update: late, userId: null }]);
    await db.delete(collabUpdates).where(eq(collabUpdates.id, reserved));
    await appendUpdates(db, [{ documentName: name, update: edit(doc, ' two'), userId: null }]);
    expect(await compactDocument(db, name)).toBe(1);
    const [row] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    expect(row.compactedThrough).toBeGreaterThan(reserved);
    await db.insert(collabUpdates).values({ id: reserved, documentName: name, update: late, userId: null, size: late.byteLength });
    const afterLate = await readDocument(db, name);
    Y.applyUpdate(doc, late);
    expect(afterLate && plainText(docFromPersisted(afterLate))).toBe(plainText(doc));
    // The next compaction folds it in, and deletes it.
    expect(await compactDocument(db, name)).toBe(1);
    expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).toEqual([]);
    const folded = await readDocument(db, name);
    expect(folded && plainText(docFromPersisted(folded))).toBe(plainText(doc));
    expect(plainText(doc)).toMatch(/^Late( late two| two late)\n$/);
  });
});
