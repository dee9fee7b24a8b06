import { type AnyPgColumn, boolean, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
// Circular with ./governance, which is fine: references are resolved lazily.
import { planSnapshots, reviewSignatureLines } from './governance';
import { reviewKindEnum, reviewStatusEnum, roleEnum } from './enums';
import { plans } from './plans';
import { schools } from './partnerships';
import { users } from './users';

/**
 * A review of a plan by the head teachers or the JCC. Imported reviews are `historical`: their
 * signatures were made on paper and are kept as printed. The governance work adds the frozen
 * snapshot (`snapshotId`), recommendations and board decisions beside this table.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: reviewKindEnum().notNull(),
    status: reviewStatusEnum().notNull().default('open'),
    heldOn: date({ mode: 'string' }),
    /** When only a month is known ("July 2017"), as printed. */
    heldOnLabel: text(),
    /** The sign-off statement as printed ("This action plan was reviewed by the JCC on …"). */
    statement: text(),
    attendees: text(),
    /** Sanitized HTML. */
    minutes: text().notNull().default(''),
    /** The plan as it stood when the review started (plan_snapshots). */
    snapshotId: uuid().references((): AnyPgColumn => planSnapshots.id, { onDelete: 'restrict' }),
    /** When the last required line was signed (cleared again by a withdrawal). */
    completedAt: timestamp({ withTimezone: true }),
    /** Bumped by every edit of the review's own fields. */
    version: integer().notNull().default(1),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId, t.position)],
);

/**
 * A signature line of a review. For an imported review, the signatory as printed (`imported`);
 * for a review signed in jointplan, the signer, the time and the snapshot hash they signed.
 */
export const reviewSignatures = pgTable(
  'review_signatures',
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    role: roleEnum(),
    schoolId: uuid().references(() => schools.id, { onDelete: 'set null' }),
    signerName: text().notNull(),
    roleLabel: text().notNull(),
    schoolName: text(),
    imported: boolean().notNull().default(false),
    /** The required line this signs (review_signature_lines); null for an imported signature. */
    lineId: uuid().references((): AnyPgColumn => reviewSignatureLines.id, { onDelete: 'restrict' }),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    signedAt: timestamp({ withTimezone: true }),
    snapshotHash: text(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reviewId, t.position)],
);

export type Review = typeof reviews.$inferSelect;
export type ReviewSignature = typeof reviewSignatures.$inferSelect;
