import {
  type AnyPgColumn,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { actionStatusEnum, dueKindEnum, planStatusEnum, ragEnum, termEnum } from './enums';
import { partnerships, schools } from './partnerships';
import { users } from './users';

/**
 * One version of a Collaboration Action Plan. Amending a ratified plan creates a new row with
 * `versionNumber + 1`, `parentPlanId` pointing at the version it amends and the same `lineageId`.
 */
export const plans = pgTable(
  'plans',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'restrict' }),
    lineageId: uuid().notNull(),
    versionNumber: integer().notNull().default(1),
    parentPlanId: uuid().references((): AnyPgColumn => plans.id, { onDelete: 'restrict' }),
    title: text().notNull(),
    /** The academic year the plan runs in, by its starting calendar year: 2017 is 2017-18. */
    academicYear: integer().notNull(),
    /** The year as the document prints it ("2017"), when it differs from "2017-18". */
    yearLabel: text(),
    /** e.g. "Amended and updated following review by head teachers – November 2017". */
    note: text(),
    /** The sentence that introduces the overriding objectives. */
    objectivesIntro: text(),
    /** The "as of" of the impact-to-date column, as printed ("July 2017"). */
    impactAsOf: text(),
    status: planStatusEnum().notNull().default('draft'),
    /** When every required board approved this version. */
    ratifiedAt: timestamp({ withTimezone: true }),
    /** Optimistic-concurrency counter for the plan's own fields. */
    revision: integer().notNull().default(1),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.partnershipId), index().on(t.lineageId)],
);

/** A numbered overriding objective. */
export const objectives = pgTable(
  'objectives',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** The row of the first version this one descends from (amendments copy rows); null for an original. */
    originId: uuid(),
    number: integer().notNull(),
    text: text().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId, t.number)],
);

/** A row of the plan: a strand of work such as Safeguarding or CPD. */
export const strands = pgTable(
  'strands',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** The row of the first version this one descends from (amendments copy rows); null for an original. */
    originId: uuid(),
    position: integer().notNull(),
    title: text().notNull(),
    /** A line printed under the title instead of links, e.g. "(2017-2018)". */
    subtitle: text(),
    /** Sanitized HTML (lib/richtext). */
    keyObjective: text().notNull().default(''),
    /** Sanitized HTML (lib/richtext). */
    intendedImpact: text().notNull().default(''),
    leadUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId, t.position)],
);

export const strandObjectives = pgTable(
  'strand_objectives',
  {
    strandId: uuid()
      .notNull()
      .references(() => strands.id, { onDelete: 'cascade' }),
    objectiveId: uuid()
      .notNull()
      .references(() => objectives.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.strandId, t.objectiveId] }), index().on(t.objectiveId)],
);

/** A specific action of a strand. */
export const actions = pgTable(
  'actions',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    strandId: uuid()
      .notNull()
      .references(() => strands.id, { onDelete: 'cascade' }),
    /** The row of the first version this one descends from (amendments copy rows); null for an original. */
    originId: uuid(),
    position: integer().notNull(),
    text: text().notNull(),
    ownerUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** An owner named in words where no account matches ("English leads"). */
    ownerText: text(),
    dueKind: dueKindEnum().notNull().default('none'),
    /** Starting calendar year of the academic year of a term or half term (2017 = 2017-18). */
    dueAcademicYear: integer(),
    dueTerm: termEnum(),
    /** 1 or 2 for a half term. */
    dueHalf: integer(),
    dueDate: date({ mode: 'string' }),
    /** "18:00" when the document gives a time. */
    dueTime: text(),
    /** The due point as it was written, kept for display and for round trips. */
    dueLabel: text(),
    status: actionStatusEnum().notNull().default('not_started'),
    rag: ragEnum(),
    ragReason: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.strandId, t.position), index().on(t.planId), index().on(t.ownerUserId)],
);

/** Schools an action concerns. */
export const actionSchools = pgTable(
  'action_schools',
  {
    actionId: uuid()
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.schoolId] })],
);

/** Evidence of impact, logged as it happens. Never deleted: a removal sets `withdrawnAt`. */
export const impactEntries = pgTable(
  'impact_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    strandId: uuid()
      .notNull()
      .references(() => strands.id, { onDelete: 'cascade' }),
    actionId: uuid().references(() => actions.id, { onDelete: 'set null' }),
    /** The row of the first version this one descends from (amendments copy rows); null for an original. */
    originId: uuid(),
    position: integer().notNull(),
    entryDate: date({ mode: 'string' }),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The author as printed in an imported document, or a removed account's name. */
    authorText: text(),
    /** Sanitized HTML (lib/richtext). */
    body: text().notNull(),
    evidenceUrl: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnById: uuid().references(() => users.id, { onDelete: 'set null' }),
    withdrawnReason: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.strandId, t.position), index().on(t.planId)],
);

export type Plan = typeof plans.$inferSelect;
export type Objective = typeof objectives.$inferSelect;
export type Strand = typeof strands.$inferSelect;
export type Action = typeof actions.$inferSelect;
export type ImpactEntry = typeof impactEntries.$inferSelect;
