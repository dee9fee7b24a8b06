import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships } from './partnerships';

/** A JSON value as stored in the audit trail. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

export type FieldChange = { field: string; before: AuditValue; after: AuditValue };

/**
 * Append-only: a trigger refuses UPDATE and DELETE (migration 0001). Events are hash-chained per
 * partnership: `hash` = SHA-256 of `prevHash` and the event's canonical content (lib/audit).
 * Actor details are copied in so the history survives a removed account.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'restrict' }),
    /** Position in the partnership's chain, from 1. */
    seq: bigint({ mode: 'number' }).notNull(),
    planId: uuid(),
    /** The strand an event belongs to (the strand itself, its actions, its impact entries). */
    strandId: uuid(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    verb: text().notNull(),
    actorUserId: uuid(),
    actorName: text().notNull(),
    actorEmail: text(),
    actorRole: text(),
    actorSchool: text(),
    ip: text(),
    userAgent: text(),
    changes: jsonb().$type<FieldChange[]>().notNull(),
    data: jsonb().$type<{ [key: string]: AuditValue }>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.partnershipId, t.seq),
    // History pages are newest first by seq, within a plan, a strand or one entity.
    index().on(t.planId, t.seq),
    index().on(t.strandId, t.seq),
    index().on(t.entityType, t.entityId, t.seq),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
