import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { auditEvents, strands } from '@/db/schema';
import { documentName } from '@/lib/collab/names';
import { docFromPersisted, readDocument } from '@/lib/collab/store';
import { connectClient, connected, seedPlan, sessionCookie, until } from '../helpers/realtime';
import { type TestEditor, converged, firstText, occurrences, openEditor, plainText } from '../helpers/realtime-collab';
import { type ServerProcess, freePort, spawnRealtimeServer } from '../helpers/realtime-process';

// A real process on an on-disk PGlite, stopped with SIGTERM or killed with -9. (PGlite: the
// database can only be open in one process at a time, so the test opens it between runs.)
const dir = mkdtempSync(path.join(tmpdir(), 'jp-realtime-'));
let data: Awaited<ReturnType<typeof seedPlan>>;
let port: number;

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function start(): Promise<ServerProcess> {
  // A long pause: only the SIGTERM flush (or recovery after a crash) can write the revision.
  return spawnRealtimeServer({ PGLITE_DIR: dir, PORT: String(port), COLLAB_PAUSE_MS: '600000', DATABASE_URL: '' });
}

beforeAll(async () => {
  port = await freePort();
  data = await withDatabase(async (database) => {
    await migrateDatabase(database);
    return seedPlan(database.db, '<p>Durable.</p>');
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('flushes stored updates and the HTML copy on SIGTERM; clients resync after the restart', async () => {
    const name = documentName('strand', data.strand.id, 'keyObjective');
    let server = await start();
    const editors: TestEditor[] = [];
    try {
      const a = await openEditor(server.url, data.headA.user, name);
      editors.push(a);
      for (let i = 0; i < 30; i++) {
        const t = firstText(a.doc);
        t.insert(t.length, ` s${i}`);
      }
      await until(() => a.sync.pendingUpdates === 0, 10_000, 'acks');
      // Typed, and the server stopped before any pause could close the revision.
      for (let i = 30; i < 35; i++) {
        const t = firstText(a.doc);
        t.insert(t.length, ` s${i}`);
      }
      await until(() => a.sync.pendingUpdates === 0, 10_000, 'acks');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      const expected = `Durable.${Array.from({ length: 35 }, (_, i) => ` s${i}`).join('')}`;
      await withDatabase(async ({ db }) => {
        const stored = await readDocument(db, name);
        expect(stored && plainText(docFromPersisted(stored))).toBe(`${expected}\n`);
        const [row] = await db.select().from(strands).where(eq(strands.id, data.strand.id));
        expect(row.keyObjective).toBe(`<p>${expected}</p>`);
        const revisions = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, data.strand.id), eq(auditEvents.verb, 'strand.update')));
        expect(revisions.map((r) => r.actorUserId)).toEqual([data.headA.user.id]);
      });

      // Typed while the server was down, then it comes back on the same port.
      const t = firstText(a.doc);
      t.insert(t.length, ' offline');
      server = await start();
      const b = await openEditor(server.url, data.headB.user, name);
      editors.push(b);
      await converged([a, b]);
      expect(plainText(b.doc)).toBe(`${expected} offline\n`);
    } finally {
      for (const e of editors) e.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);

  it('loses no acknowledged update to kill -9; clients resend the rest', async () => {
    const name = documentName('strand', data.strand.id, 'intendedImpact');
    let server = await start();
    const socket = connectClient(server.url, await sessionCookie(data.headA.user));
    const editors: TestEditor[] = [];
    try {
      await connected(socket);
      const doc = new Y.Doc();
      const synced = await socket.emitWithAck('doc.sync', { name, stateVector: Y.encodeStateVector(doc) });
      if (!synced.ok) throw new Error(synced.error.message);
      Y.applyUpdate(doc, new Uint8Array(synced.update));
      const acked = new Set<string>();
      const sent: string[] = [];
      // Each token its own update, sent without waiting; the process dies mid-stream.
      for (let i = 0; i < 200; i++) {
        const before = Y.encodeStateVector(doc);
        const t = firstText(doc);
        const token = ` k${i}`;
        t.insert(t.length, token);
        sent.push(token);
        socket
          .timeout(5000)
          .emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(doc, before) })
          .then((r) => r.ok && acked.add(token))
          .catch(() => undefined);
        if (i === 120) server.child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 2));
      }
      await server.exited;
      socket.close();
      expect(acked.size).toBeGreaterThan(0);

      await withDatabase(async ({ db }) => {
        const stored = await readDocument(db, name);
        const text = stored ? plainText(docFromPersisted(stored)) : '';
        for (const token of acked) expect(occurrences(text, `${token} `) + (text.endsWith(`${token}\n`) ? 1 : 0), token).toBe(1);
      });

      // Back up: the client that still holds everything syncs, and what was lost is resent.
      server = await start();
      const a = await openEditor(server.url, data.headA.user, name);
      editors.push(a);
      Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(doc));
      const b = await openEditor(server.url, data.headB.user, name);
      editors.push(b);
      await converged([a, b]);
      const text = plainText(b.doc);
      for (const token of sent) expect(occurrences(text, `${token} `) + (text.endsWith(`${token}\n`) ? 1 : 0), token).toBe(1);
    } finally {
      socket.close();
      for (const e of editors) e.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);
});
