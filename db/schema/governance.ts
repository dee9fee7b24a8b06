import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AuditValue } from './audit';
import { approvalRuleEnum, boardDecisionEnum, recommendationStatusEnum, recommendationTypeEnum, roleEnum } from './enums';
import { partnerships, schools } from './partnerships';
import { plans } from './plans';
import { reviewSignatures, reviews } from './reviews';
import { users } from './users';

/**
 * A plan frozen as it stood when a review started (lib/governance/content.ts builds `content`).
 * `hash` is the SHA-256 of its canonical JSON. Append-only: a trigger refuses UPDATE and DELETE.
 */
export const planSnapshots = pgTable(
  'plan_snapshots',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'restrict' }),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'restrict' }),
    content: jsonb().$type<{ [key: string]: AuditValue }>().notNull(),
    hash: text().notNull(),
    takenById: uuid().references(() => users.id, { onDelete: 'restrict' }),
    takenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId, t.takenAt)],
);

/**
 * A signature a review needs: a role at a school ("Head teacher, Bank Road"). Set when the review
 * starts from the partnership's rules, so later rule changes do not move the goalposts.
 */
export const reviewSignatureLines = pgTable(
  'review_signature_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    role: roleEnum().notNull(),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'restrict' }),
    roleLabel: text().notNull(),
    schoolName: text().notNull(),
  },
  (t) => [index().on(t.reviewId, t.position)],
);

/**
 * A signer's withdrawal of their signature: a new, dated record (the signature itself is never
 * changed). The line is unsigned again and the review reopens. Append-only.
 */
export const signatureWithdrawals = pgTable('signature_withdrawals', {
  id: uuid().primaryKey().defaultRandom(),
  signatureId: uuid()
    .notNull()
    .unique()
    .references(() => reviewSignatures.id, { onDelete: 'restrict' }),
  reviewId: uuid()
    .notNull()
    .references(() => reviews.id, { onDelete: 'restrict' }),
  userId: uuid().references(() => users.id, { onDelete: 'restrict' }),
  reason: text().notNull(),
  ip: text(),
  userAgent: text(),
  withdrawnAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A decision a JCC review records. `rule` and `requiredSchoolIds` are fixed when it is made (from
 * the partnership's rules); adopting or amending a plan carries the snapshot being authorised.
 */
export const recommendations = pgTable(
  'recommendations',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'restrict' }),
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'restrict' }),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'restrict' }),
    position: integer().notNull(),
    type: recommendationTypeEnum().notNull(),
    /** The recommendation in writing. */
    text: text().notNull(),
    /** The school a decision is about (one leaving the collaboration). */
    subjectSchoolId: uuid().references(() => schools.id, { onDelete: 'restrict' }),
    rule: approvalRuleEnum().notNull(),
    requiredSchoolIds: jsonb().$type<string[]>().notNull(),
    snapshotId: uuid().references(() => planSnapshots.id, { onDelete: 'restrict' }),
    status: recommendationStatusEnum().notNull().default('pending'),
    /** When it was authorised or rejected. */
    resolvedAt: timestamp({ withTimezone: true }),
    /** A rejecting board's reason, shown with the plan. */
    rejectionReason: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'restrict' }),
    createdByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reviewId, t.position), index().on(t.planId)],
);

/**
 * A school board's decision on a recommendation, recorded by that school's chair of governors or
 * clerk. Append-only: a deferral is followed by a new record, never changed.
 */
export const boardDecisions = pgTable(
  'board_decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    recommendationId: uuid()
      .notNull()
      .references(() => recommendations.id, { onDelete: 'restrict' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'restrict' }),
    decision: boardDecisionEnum().notNull(),
    reason: text(),
    meetingDate: date({ mode: 'string' }).notNull(),
    minuteReference: text(),
    recordedById: uuid().references(() => users.id, { onDelete: 'restrict' }),
    recordedByName: text().notNull(),
    roleLabel: text().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.recommendationId, t.createdAt)],
);

/**
 * An item of a person's inbox: a signature or board decision they are needed for, a rejected
 * recommendation, a completed review. `resolvedAt` is set when what it asked for is done.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    href: text().notNull(),
    /** The review or recommendation it is about. */
    subjectId: uuid(),
    /** Only for a line or board: which school. */
    schoolId: uuid(),
    readAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    emailed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt), index().on(t.subjectId)],
);

/** A person's private calendar feed: the URL carries a token whose SHA-256 is kept here. */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A plan lineage published for parents at `/p/<token>`: the page shows its newest ratified version.
 * `publishedAt` null means taken down (the token is kept so republishing keeps the address).
 */
export const planPublications = pgTable(
  'plan_publications',
  {
    lineageId: uuid().primaryKey(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'restrict' }),
    token: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.token)],
);

export type PlanSnapshot = typeof planSnapshots.$inferSelect;
export type ReviewSignatureLine = typeof reviewSignatureLines.$inferSelect;
export type SignatureWithdrawal = typeof signatureWithdrawals.$inferSelect;
export type Recommendation = typeof recommendations.$inferSelect;
export type BoardDecisionRow = typeof boardDecisions.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
