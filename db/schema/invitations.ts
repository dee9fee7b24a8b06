import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from './enums';
import { partnerships } from './partnerships';
import { users } from './users';

/** The roles an invitation grants, applied when it is accepted. */
export type InvitedRole = { role: Role; schoolId: string | null; subject: string | null };

/**
 * An invitation to join a partnership. The link carries a random token; only its SHA-256 is
 * stored, so a database reader cannot use a pending invitation.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    name: text().notNull(),
    roles: jsonb().$type<InvitedRole[]>().notNull(),
    tokenHash: text().notNull().unique(),
    invitedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.partnershipId), index().on(t.email)],
);

export type Invitation = typeof invitations.$inferSelect;
