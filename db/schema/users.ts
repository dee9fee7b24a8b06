import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { partnerships, schools } from './partnerships';

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Always stored lower-cased. */
  email: text().notNull().unique(),
  name: text().notNull(),
  /** scrypt hash (lib/auth/password.ts); null for an account that only signs in through SSO. */
  passwordHash: text(),
  /** Bumped to end every session of this person at once (removal, password change). */
  sessionVersion: integer().notNull().default(0),
  disabledAt: timestamp({ withTimezone: true }),
  lastSignInAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * What a person is in a partnership. `schoolId` says which school the role is held at
 * (a head teacher, a chair of governors); partnership-wide roles leave it null.
 */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    schoolId: uuid().references(() => schools.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    /** For a subject lead: "English", "Maths", "EYFS", "SENCo"… */
    subject: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId), index().on(t.partnershipId)],
);

/** Sign-in attempts, kept to rate-limit by account and by IP across processes. */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at), index().on(t.ip, t.at)],
);

export type User = typeof users.$inferSelect;
export type RoleAssignment = typeof roleAssignments.$inferSelect;
