import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { type Role, partnerships, roleAssignments, schools, users } from '@/db/schema';

export type ActorRole = { role: Role; schoolId: string | null; schoolName: string | null; subject: string | null };

export type Membership = { partnershipId: string; partnershipName: string; roles: ActorRole[] };

/** The signed-in person a request acts as, with every role they hold, by partnership. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  memberships: Membership[];
  /** Where the request came from, copied into audit events. */
  ip: string | null;
  userAgent: string | null;
};

/**
 * Loads the person behind a session. Returns null when the account is gone, disabled, or its
 * sessions were ended (sessionVersion bumped) after this session was issued.
 */
export async function loadActor(
  db: Executor,
  userId: string,
  sessionVersion: number,
  request: { ip: string | null; userAgent: string | null } = { ip: null, userAgent: null },
): Promise<Actor | null> {
  // One statement: the account and each of its roles (a person without roles still gives one row).
  const found = await db
    .select({
      user: users,
      partnershipId: partnerships.id,
      partnershipName: partnerships.name,
      role: roleAssignments.role,
      schoolId: roleAssignments.schoolId,
      schoolName: schools.name,
      subject: roleAssignments.subject,
    })
    .from(users)
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(partnerships, eq(partnerships.id, roleAssignments.partnershipId))
    .leftJoin(schools, eq(schools.id, roleAssignments.schoolId))
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .orderBy(partnerships.name);
  const user = found[0]?.user;
  if (!user || user.sessionVersion !== sessionVersion) return null;
  const byPartnership = new Map<string, Membership>();
  for (const row of found) {
    if (!row.partnershipId || !row.partnershipName || !row.role) continue;
    const m = byPartnership.get(row.partnershipId) ?? {
      partnershipId: row.partnershipId,
      partnershipName: row.partnershipName,
      roles: [],
    };
    m.roles.push({ role: row.role, schoolId: row.schoolId, schoolName: row.schoolName, subject: row.subject });
    byPartnership.set(row.partnershipId, m);
  }
  return { id: user.id, email: user.email, name: user.name, memberships: [...byPartnership.values()], ...request };
}

/** Ids of the partnerships the actor belongs to: every read is scoped by these. */
export function partnershipIdsOf(actor: Actor): string[] {
  return actor.memberships.map((m) => m.partnershipId);
}

/** The actor's membership of one partnership, if any. */
export function membershipOf(actor: Actor, partnershipId: string): Membership | undefined {
  return actor.memberships.find((m) => m.partnershipId === partnershipId);
}
