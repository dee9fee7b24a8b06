import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid, date } from 'drizzle-orm/pg-core';
import type { ApprovalRule, RecommendationType, Role } from './enums';

/**
 * A partnership's own governance rules, where they differ from the defaults (lib/governance/rules.ts):
 * the roles that sign each kind of review at every partner school, and who approves each decision type.
 */
export type GovernanceSettings = {
  signatures?: { head_teachers?: Role[]; jcc?: Role[] };
  approvals?: { [T in RecommendationType]?: ApprovalRule };
};

export const partnerships = pgTable('partnerships', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  description: text(),
  governance: jsonb().$type<GovernanceSettings>(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const schools = pgTable('schools', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** As the plans write it: "BR", "WL". Unique within a partnership (checked by the commands). */
  shortCode: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A school may belong to several partnerships; `leftOn` keeps the history of one that left. */
export const partnershipSchools = pgTable(
  'partnership_schools',
  {
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    joinedOn: date(),
    leftOn: date(),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.schoolId] }), index().on(t.schoolId)],
);

export type Partnership = typeof partnerships.$inferSelect;
export type School = typeof schools.$inferSelect;
