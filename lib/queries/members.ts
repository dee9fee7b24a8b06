import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import {
  type Invitation,
  type InvitedRole,
  type Role,
  invitations,
  partnershipSchools,
  partnerships,
  roleAssignments,
  schools,
  users,
} from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { hashInvitationToken } from '@/lib/commands/invitation-token';
import { notFound } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import { ROLES, invitationTokenSchema } from '@/lib/validation/members';

/** A role as clients see it, with its school's name and code. */
export type MemberRoleView = {
  role: Role;
  schoolId: string | null;
  schoolName: string | null;
  schoolCode: string | null;
  subject: string | null;
};

/** A person of a partnership and the roles they hold in it; no credentials or internal columns. */
export type MemberView = { id: string; name: string; email: string; roles: MemberRoleView[] };

/** A pending invitation, for admins. The link itself cannot be shown again: only its hash is kept. */
export type InvitationView = {
  id: string;
  email: string;
  name: string;
  roles: MemberRoleView[];
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
};

export type SchoolOption = { id: string; name: string; shortCode: string };

/** What the acceptance page may know about a token. Only a usable one reveals anything. */
export type InvitationLookup =
  | {
      status: 'pending';
      id: string;
      partnershipId: string;
      partnershipName: string;
      email: string;
      name: string;
      roles: MemberRoleView[];
      expiresAt: string;
      /** The email already has an account: accepting adds the roles, no new password. */
      hasAccount: boolean;
    }
  | { status: 'unknown' | 'expired' | 'revoked' | 'used' };

export type InvitationStatus = 'pending' | 'expired' | 'revoked' | 'used';

const uuid = z.string().uuid();

/** Whether an invitation can still be accepted, and if not, why. */
export function invitationStatus(row: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}

const roleOrder = (role: Role) => ROLES.indexOf(role);

function sortRoles(roles: MemberRoleView[]): MemberRoleView[] {
  return roles.sort(
    (a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.schoolName ?? '').localeCompare(b.schoolName ?? '') || (a.subject ?? '').localeCompare(b.subject ?? ''),
  );
}

/** The schools of a partnership (those that have not left), for role choices and checks. */
export async function partnershipSchoolOptions(db: Executor, partnershipId: string): Promise<SchoolOption[]> {
  return db
    .select({ id: schools.id, name: schools.name, shortCode: schools.shortCode })
    .from(schools)
    .innerJoin(partnershipSchools, eq(partnershipSchools.schoolId, schools.id))
    .where(and(eq(partnershipSchools.partnershipId, partnershipId), isNull(partnershipSchools.leftOn)))
    .orderBy(asc(schools.name));
}

/** Invited roles with their schools' names, as clients see them. */
export function presentInvitedRoles(roles: InvitedRole[], schoolsById: Map<string, SchoolOption>): MemberRoleView[] {
  return sortRoles(
    roles.map((r) => {
      const school = r.schoolId ? schoolsById.get(r.schoolId) : undefined;
      return { role: r.role, schoolId: r.schoolId, schoolName: school?.name ?? null, schoolCode: school?.shortCode ?? null, subject: r.subject };
    }),
  );
}

async function schoolsById(db: Executor, partnershipId: string): Promise<Map<string, SchoolOption>> {
  return new Map((await partnershipSchoolOptions(db, partnershipId)).map((s) => [s.id, s]));
}

async function membersWhere(db: Executor, partnershipId: string, userIds?: string[]): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: roleAssignments.role,
      schoolId: roleAssignments.schoolId,
      schoolName: schools.name,
      schoolCode: schools.shortCode,
      subject: roleAssignments.subject,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .leftJoin(schools, eq(schools.id, roleAssignments.schoolId))
    .where(
      and(eq(roleAssignments.partnershipId, partnershipId), userIds ? inArray(roleAssignments.userId, userIds) : undefined),
    )
    .orderBy(asc(users.name), asc(users.email));
  const byUser = new Map<string, MemberView>();
  for (const row of rows) {
    const member = byUser.get(row.userId) ?? { id: row.userId, name: row.name, email: row.email, roles: [] };
    member.roles.push({ role: row.role, schoolId: row.schoolId, schoolName: row.schoolName, schoolCode: row.schoolCode, subject: row.subject });
    byUser.set(row.userId, member);
  }
  return [...byUser.values()].map((m) => ({ ...m, roles: sortRoles(m.roles) }));
}

/** The people of a partnership with their roles, for any of its members; 404 to anyone else. */
export async function listMembers(db: Executor, actor: Actor, partnershipId: string): Promise<MemberView[]> {
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  authorize(actor, 'members.read', { partnershipId }, 'Partnership');
  return membersWhere(db, partnershipId);
}

/**
 * One member of a partnership, or null when they hold no role in it. Not scoped by an actor:
 * commands call it after they have authorized.
 */
export async function memberOfPartnership(db: Executor, partnershipId: string, userId: string): Promise<MemberView | null> {
  if (!uuid.safeParse(userId).success) return null;
  const [member] = await membersWhere(db, partnershipId, [userId]);
  return member ?? null;
}

/** Invitations of a partnership that can still be accepted, newest first; admins only. */
export async function listPendingInvitations(db: Executor, actor: Actor, partnershipId: string, now = new Date()): Promise<InvitationView[]> {
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  authorize(actor, 'members.manage', { partnershipId }, 'Partnership');
  const rows = await db
    .select({ invitation: invitations, invitedBy: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(
      and(
        eq(invitations.partnershipId, partnershipId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  const schoolMap = await schoolsById(db, partnershipId);
  return rows.reverse().map(({ invitation, invitedBy }) => presentInvitation(invitation, invitedBy, schoolMap));
}

/** An invitation row as admins see it. */
export function presentInvitation(invitation: Invitation, invitedBy: string | null, schoolMap: Map<string, SchoolOption>): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    name: invitation.name,
    roles: presentInvitedRoles(invitation.roles, schoolMap),
    invitedBy,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** The schools a member of the partnership may choose for a role. */
export async function listPartnershipSchools(db: Executor, actor: Actor, partnershipId: string): Promise<SchoolOption[]> {
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  authorize(actor, 'members.read', { partnershipId }, 'Partnership');
  return partnershipSchoolOptions(db, partnershipId);
}

/** What the acceptance page shows for a token: the invitation while it is usable, else only why not. */
export async function findInvitationByToken(db: Executor, token: string, now = new Date()): Promise<InvitationLookup> {
  if (!invitationTokenSchema.safeParse(token).success) return { status: 'unknown' };
  const [row] = await db
    .select({ invitation: invitations, partnershipName: partnerships.name })
    .from(invitations)
    .innerJoin(partnerships, eq(partnerships.id, invitations.partnershipId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .limit(1);
  if (!row) return { status: 'unknown' };
  const status = invitationStatus(row.invitation, now);
  if (status !== 'pending') return { status };
  const { invitation } = row;
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).limit(1);
  return {
    status,
    id: invitation.id,
    partnershipId: invitation.partnershipId,
    partnershipName: row.partnershipName,
    email: invitation.email,
    name: invitation.name,
    roles: presentInvitedRoles(invitation.roles, await schoolsById(db, invitation.partnershipId)),
    expiresAt: invitation.expiresAt.toISOString(),
    hasAccount: Boolean(account),
  };
}
