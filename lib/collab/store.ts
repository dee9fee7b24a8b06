import { and, asc, eq, sql } from 'drizzle-orm';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { Db, Executor } from '@/db/client';
import { collabDocuments, collabUpdates } from '@/db/schema';

/** A document as stored: its snapshot and the updates not yet folded into it, in id order. */
export type PersistedDocument = {
  snapshot: Uint8Array | null;
  compactedThrough: number;
  updates: { id: number; update: Uint8Array; userId: string | null; createdAt: Date }[];
};

async function readLocked(tx: Executor, name: string): Promise<PersistedDocument | null> {
  // FOR UPDATE waits for appends in flight (they hold a key-share lock on this row through the
  // foreign key) and keeps compaction out, so snapshot and updates are read as one consistent state.
  const [row] = await tx
    .select({ snapshot: collabDocuments.snapshot, compactedThrough: collabDocuments.compactedThrough })
    .from(collabDocuments)
    .where(eq(collabDocuments.name, name))
    .for('update');
  if (!row) return null;
  const updates = await tx
    .select({ id: collabUpdates.id, update: collabUpdates.update, userId: collabUpdates.userId, createdAt: collabUpdates.createdAt })
    .from(collabUpdates)
    // Every remaining row, not only ids above compactedThrough: ids are taken before commit, so a
    // batch committed after a compaction can have a lower id than the rows it folded.
    .where(eq(collabUpdates.documentName, name))
    .orderBy(asc(collabUpdates.id));
  return { snapshot: row.snapshot, compactedThrough: row.compactedThrough, updates };
}

/** Reads a document's whole stored state, or null when it has never been created. */
export async function readDocument(db: Db, name: string): Promise<PersistedDocument | null> {
  return db.transaction((tx) => readLocked(tx, name));
}

/**
 * Creates the document row with its seed as the first snapshot, unless it exists. The primary key
 * is the lock: of concurrent loaders (in any process) exactly one inserts; the rest find its row.
 * `seed` runs inside the transaction, so the HTML it reads is the one the row records.
 */
export async function createDocumentOnce(
  db: Db,
  name: string,
  planId: string,
  seed: (tx: Executor) => Promise<Uint8Array>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ name: collabDocuments.name }).from(collabDocuments).where(eq(collabDocuments.name, name));
    if (existing) return false;
    const snapshot = await seed(tx);
    const inserted = await tx
      .insert(collabDocuments)
      .values({ name, planId, snapshot, seededAt: new Date() })
      .onConflictDoNothing()
      .returning({ name: collabDocuments.name });
    return inserted.length === 1;
  });
}

export type PendingRow = { documentName: string; update: Uint8Array; userId: string | null };

/**
 * Appends updates in one statement (one transaction); returns their ids in the order given. The rows
 * travel as four array parameters unnested in SQL (updates as base64 text, which both drivers pass
 * the same way): a VALUES list has four parameters a row, and building one of 500 rows took the
 * query builder 20-40 ms on the event loop, where this takes well under one.
 */
export async function appendUpdates(db: Db, rows: PendingRow[]): Promise<number[]> {
  if (!rows.length) return [];
  const names = rows.map((r) => r.documentName);
  const updates = rows.map((r) => toBase64(r.update));
  const users = rows.map((r) => r.userId);
  const sizes = rows.map((r) => r.update.byteLength);
  const inserted = await db
    .insert(collabUpdates)
    // Every column in the table's order (an insert from a select names them all): the id and the
    // time as their defaults would give them, one row per element in the order given.
    .select(
      sql`select nextval(pg_get_serial_sequence('collab_updates', 'id')), u.name, decode(u.update, 'base64'), u.user_id::uuid, u.size, now()
        from unnest(${sql.param(names)}::text[], ${sql.param(updates)}::text[], ${sql.param(users)}::text[], ${sql.param(sizes)}::int[]) with ordinality as u(name, update, user_id, size, n)
        order by u.n`,
    )
    .returning({ id: collabUpdates.id });
  return inserted.map((r) => r.id);
}

/** The document in memory a compaction may take its snapshot from (CollabManager, one process alone). */
export type LiveDocument = {
  doc: Y.Doc;
  /** The origin rows applied to it here carry. */
  origin: unknown;
  /** Whether it still is the copy this process uses: a copy dropped meanwhile does not compact. */
  current: () => boolean;
  /** Whether every stored row was applied to it (no other copy stored rows since it was loaded). */
  holdsEveryRow: boolean;
};

/**
 * Folds a document's appended updates into its snapshot (Yjs garbage collection on) and deletes the
 * rows it folded, in one transaction. Returns how many rows it folded.
 *
 * With `live`, a document in memory held by the only process writing it, the snapshot is its state
 * instead of a document rebuilt from what is stored: it holds the stored snapshot and possibly
 * updates not yet appended (stored early, never lost). When it also holds every row (each was
 * applied before it was appended, or loaded from here) no row is read at all: once the document's
 * row is locked no append can commit until this transaction ends (each holds a key-share lock on it
 * through the foreign key), so the rows there are ones it holds, and all of them go. Reading,
 * applying and deleting thousands of rows one id at a time held the event loop (PGlite ran on it
 * then) for 150-250 ms on a long, busy document; this takes about 40, and holds the lock that long.
 * Otherwise (a copy dropped after a failed write stored rows after this one was loaded) the rows are
 * read and applied to it first.
 */
export async function compactDocument(db: Db, name: string, live?: LiveDocument): Promise<number> {
  return db.transaction(async (tx) => {
    if (live) {
      const [locked] = await tx
        .select({ compactedThrough: collabDocuments.compactedThrough })
        .from(collabDocuments)
        .where(eq(collabDocuments.name, name))
        .for('update');
      // Checked under the lock: a copy loaded after this one was dropped has read what is stored,
      // and this one's older state must not replace it.
      if (!locked || !live.current()) return 0;
      if (live.holdsEveryRow) {
        const [rows] = await tx
          .select({ count: sql<number>`count(*)`.mapWith(Number), last: sql<number | null>`max(${collabUpdates.id})`.mapWith(Number) })
          .from(collabUpdates)
          .where(eq(collabUpdates.documentName, name));
        if (!rows?.count) return 0;
        await tx.delete(collabUpdates).where(eq(collabUpdates.documentName, name));
        await writeSnapshot(tx, name, Y.encodeStateAsUpdate(live.doc), Math.max(locked.compactedThrough, rows.last ?? 0));
        return rows.count;
      }
    }
    const stored = await readLocked(tx, name);
    if (!stored || !stored.updates.length) return 0;
    let snapshot: Uint8Array;
    if (live) {
      // Yjs ignores what it already has.
      applyPersisted(live.doc, { ...stored, snapshot: null }, live.origin);
      snapshot = Y.encodeStateAsUpdate(live.doc);
    } else {
      const doc = new Y.Doc({ gc: true });
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u.update);
      snapshot = Y.encodeStateAsUpdate(doc);
      doc.destroy();
    }
    const folded = stored.updates.map((u) => u.id);
    // One array parameter, not one parameter an id (the builder's cost is per parameter).
    await tx.delete(collabUpdates).where(and(eq(collabUpdates.documentName, name), sql`${collabUpdates.id} = any(${sql.param(folded)}::bigint[])`));
    await writeSnapshot(tx, name, snapshot, folded.reduce((max, id) => Math.max(max, id), stored.compactedThrough));
    return stored.updates.length;
  });
}

/**
 * Stores a document's new snapshot. It travels as base64 text: as a bytea parameter PGlite took
 * 70 ms to take a 160 KB snapshot, as text 9. `compactedThrough` is information only: loading reads
 * every row that is left.
 */
async function writeSnapshot(tx: Executor, name: string, snapshot: Uint8Array, compactedThrough: number): Promise<void> {
  await tx
    .update(collabDocuments)
    .set({ snapshot: sql`decode(${toBase64(snapshot)}, 'base64')`, compactedThrough, updatedAt: new Date() })
    .where(eq(collabDocuments.name, name));
}

/** A Y.Doc holding everything stored for a document. */
export function docFromPersisted(stored: PersistedDocument): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  applyPersisted(doc, stored);
  return doc;
}

/** Applies a stored state to a live document (Yjs ignores what it already has). */
export function applyPersisted(doc: Y.Doc, stored: PersistedDocument, origin: unknown = null): void {
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  }, origin);
}
