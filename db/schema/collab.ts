import { bigint, bigserial, customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Binary Yjs state, as Postgres `bytea`. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // postgres.js sends a Buffer as bytea (a bare Uint8Array it would not); PGlite takes either.
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * One co-edited rich-text field (a Yjs document), named like `strand:<id>:keyObjective`. `snapshot`
 * is the compacted state; `seededAt` marks the one time it was filled from the stored HTML.
 */
export const collabDocuments = pgTable('collab_documents', {
  name: text().primaryKey(),
  planId: uuid().notNull(),
  snapshot: bytea(),
  /** Updates folded into the snapshot so far (the highest `collab_updates.id` compacted). */
  compactedThrough: bigint({ mode: 'number' }).notNull().default(0),
  seededAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Yjs updates appended as they arrive, until compaction folds them into the snapshot. */
export const collabUpdates = pgTable(
  'collab_updates',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    documentName: text()
      .notNull()
      .references(() => collabDocuments.name, { onDelete: 'cascade' }),
    update: bytea().notNull(),
    /** Who sent it, for attributing the field's revisions in the audit history. */
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Size in bytes, to decide when to compact. */
    size: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.documentName, t.id)],
);
