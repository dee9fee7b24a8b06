import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditEvents, reviewSignatureLines, reviews } from '@/db/schema';
import { signReview } from '@/lib/commands/sign-review';
import { startReview } from '@/lib/commands/start-review';
import { updateReview } from '@/lib/commands/update-review';
import { documentName, parseDocumentName } from '@/lib/collab/names';
import { documentHtml } from '@/lib/collab/prosemirror';
import { type TestServer, connectClient, connected, seedPlan, sessionCookie, startRealtimeServer, until } from '../helpers/realtime';
import { converged, firstText, openEditor, plainText, refusedEventually } from '../helpers/realtime-collab';
import { TEST_PASSWORD } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

// A review's minutes are co-edited live like a strand's text: `review:<id>:minutes`, written back
// to reviews.minutes through updateReview, by those who keep the review's record while it is open.

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;
const PAUSE_MS = 300;

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), { collab: { pauseMs: PAUSE_MS, compactAfterUpdates: 50, unloadAfterMs: 60_000 } });
});
afterAll(async () => {
  await server?.stop();
});
const open: { close: () => void }[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
async function editor(user: { id: string; sessionVersion: number }, name: string) {
  const e = await openEditor(server.url, user, name);
  open.push(e);
  return e;
}

/** A head teachers' review of the seeded plan, started by Alice, with `minutes` as its first text. */
async function newReview(minutes = '<p>Minutes.</p>') {
  const view = await startReview(testDb().db, data.headA.actor, data.plan.id, { kind: 'head_teachers', heldOn: '2025-11-14', minutes });
  return view.id;
}

async function reviewRow(id: string) {
  const [row] = await testDb().db.select().from(reviews).where(eq(reviews.id, id));
  return row;
}

/** Sends a change to the minutes as `user` and answers the server's acknowledgement. */
async function tryToWrite(user: { id: string; sessionVersion: number }, name: string) {
  const socket = connectClient(server.url, await sessionCookie(user));
  open.push({ close: () => socket.close() });
  await connected(socket);
  const synced = await socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(new Y.Doc()) });
  const doc = new Y.Doc();
  doc.getText('x').insert(0, 'not allowed');
  const written = await socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(doc) });
  return { synced, written };
}

describe('review minutes, co-edited', () => {
  it('names a review’s minutes and no other field of it', () => {
    const id = crypto.randomUUID();
    expect(parseDocumentName(documentName('review', id, 'minutes'))).toMatchObject({ kind: 'review', id, field: 'minutes' });
    expect(parseDocumentName(`review:${id}:attendees`)).toBeNull();
    expect(parseDocumentName(`review:${id}:keyObjective`)).toBeNull();
  });

  it('lets both heads type at once and copies the text back to the review, attributed to who typed', async () => {
    const reviewId = await newReview('<p>Agreed:</p>');
    const name = documentName('review', reviewId, 'minutes');
    const before = await reviewRow(reviewId);
    const a = await editor(data.headA.user, name);
    const b = await editor(data.headB.user, name);
    expect(plainText(b.doc)).toBe('Agreed:\n');

    const ta = firstText(a.doc);
    ta.insert(ta.length, ' moderation in March.');
    const tb = firstText(b.doc);
    tb.insert(0, 'Item 1. ');
    await converged([a, b]);
    const expected = documentHtml(a.doc);
    expect(plainText(a.doc)).toContain('moderation in March.');
    expect(plainText(a.doc)).toContain('Item 1. ');

    await until(async () => (await reviewRow(reviewId)).minutes === expected, 10_000, 'the minutes copied back to the review');
    const after = await reviewRow(reviewId);
    expect(after.version).toBeGreaterThan(before.version);
    const rows = await testDb()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, reviewId), eq(auditEvents.verb, 'review.update')))
      .orderBy(asc(auditEvents.seq));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actorUserId === data.headA.user.id || r.actorUserId === data.headB.user.id)).toBe(true);
    expect(rows.at(-1)?.changes.at(-1)).toMatchObject({ field: 'minutes', after: expected });
  });

  it('keeps the minutes typed live when the date is saved meanwhile (the version moved on)', async () => {
    const reviewId = await newReview('<p>Start.</p>');
    const name = documentName('review', reviewId, 'minutes');
    const a = await editor(data.headA.user, name);
    const t = firstText(a.doc);
    t.insert(t.length, ' Typed live.');
    await updateReview(testDb().db, data.headB.actor, reviewId, { version: (await reviewRow(reviewId)).version, heldOn: '2025-11-21' });
    await until(async () => (await reviewRow(reviewId)).minutes === '<p>Start. Typed live.</p>', 10_000, 'the minutes saved after the date');
    expect((await reviewRow(reviewId)).heldOn).toBe('2025-11-21');
  });

  it('lets a governor read the minutes but not write them, and nobody outside the partnership open them', async () => {
    const reviewId = await newReview('<p>Read only.</p>');
    const name = documentName('review', reviewId, 'minutes');
    const governor = await tryToWrite(data.governor.user, name);
    expect(governor.synced).toMatchObject({ ok: true, canEdit: false });
    expect(governor.written).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const outsider = await tryToWrite(data.outsider.user, name);
    expect(outsider.synced).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await server.realtime.collab.settle();
    expect((await reviewRow(reviewId)).minutes).toBe('<p>Read only.</p>');
  });

  it('saves minutes typed just before the last signature to the review, before it completes', async () => {
    // A pause longer than the test: only the signature itself can save the last words typed.
    const patient = await startRealtimeServer(testDb(), { collab: { pauseMs: 60_000, unloadAfterMs: 60_000 } });
    try {
      const reviewId = await newReview('<p>Agreed.</p>');
      const name = documentName('review', reviewId, 'minutes');
      const a = await openEditor(patient.url, data.headA.user, name);
      open.push(a);
      const { db } = testDb();
      const lines = await db.select().from(reviewSignatureLines).where(eq(reviewSignatureLines.reviewId, reviewId));
      const lineOf = (schoolId: string) => {
        const line = lines.find((l) => l.schoolId === schoolId);
        if (!line) throw new Error('no signature line for the school');
        return line;
      };
      await signReview(db, data.headA.actor, reviewId, { lineId: lineOf(data.schools[0].id).id, password: TEST_PASSWORD });

      const t = firstText(a.doc);
      t.insert(t.length, ' Last words before signing.');
      await converged([a]);
      await signReview(db, data.headB.actor, reviewId, { lineId: lineOf(data.schools[1].id).id, password: TEST_PASSWORD });

      const row = await reviewRow(reviewId);
      expect(row.status).toBe('complete');
      expect(row.minutes).toBe('<p>Agreed. Last words before signing.</p>');
      const live = patient.realtime.collab.get(name);
      expect(live && documentHtml(live.doc)).toBe(row.minutes);
      // Saved as Alice's revision, before the completion.
      const rows = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.entityId, reviewId))
        .orderBy(asc(auditEvents.seq));
      const saved = rows.findIndex((r) => r.verb === 'review.update' && r.actorUserId === data.headA.user.id);
      expect(saved).toBeGreaterThan(-1);
      expect(saved).toBeLessThan(rows.findIndex((r) => r.verb === 'review.complete'));
    } finally {
      for (const e of open.splice(0)) e.close();
      await patient.stop();
    }
  });

  it('stops taking changes from an open editor once the last signature completes the review', async () => {
    const reviewId = await newReview('<p>Signed off.</p>');
    const name = documentName('review', reviewId, 'minutes');
    const a = await editor(data.headA.user, name);
    expect(a.sync.canEdit).toBe(true);
    const { db } = testDb();
    const lines = await db.select().from(reviewSignatureLines).where(eq(reviewSignatureLines.reviewId, reviewId));
    for (const [head, school] of [[data.headA, data.schools[0]], [data.headB, data.schools[1]]] as const) {
      const line = lines.find((l) => l.schoolId === school.id);
      if (!line) throw new Error(`no line for ${school.shortCode}`);
      await signReview(db, head.actor, reviewId, { lineId: line.id, password: TEST_PASSWORD });
    }
    expect((await reviewRow(reviewId)).status).toBe('complete');
    // Alice, who had it open and could write, can no longer (the completion is committed, then the
    // loaded document's rights are read again); nor can anyone opening it now.
    await refusedEventually(a.socket, name, 'the open editor to be refused');
    const { synced, written } = await tryToWrite(data.headB.user, name);
    expect(synced).toMatchObject({ ok: true, canEdit: false });
    expect(written).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await server.realtime.collab.settle();
    expect((await reviewRow(reviewId)).minutes).toBe('<p>Signed off.</p>');
  });
});
