import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { CommandContext } from './support';
import { type AuditValue, type InvitedRole, partnerships, roleAssignments } from '@/db/schema';
import { fieldErrors } from '@/lib/errors';
import { type SchoolOption, partnershipSchoolOptions } from '@/lib/queries/members';

/**
 * Locks the partnership row for this transaction, so checks over its people (is this the last
 * admin? is this email already invited?) and the change they guard happen one at a time.
 */
export async function lockPartnership(tx: Tx, partnershipId: string): Promise<void> {
  await tx.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.id, partnershipId)).for('no key update');
}

/** Identifies a role: the same role at the same school with the same subject is one role. */
export function roleKey(r: InvitedRole): string {
  return [r.role, r.schoolId ?? '', (r.subject ?? '').toLowerCase()].join('|');
}

/** The roles without repeats, in the order given. */
export function distinctRoles(roles: InvitedRole[]): InvitedRole[] {
  const seen = new Map<string, InvitedRole>();
  for (const r of roles) if (!seen.has(roleKey(r))) seen.set(roleKey(r), r);
  return [...seen.values()];
}

/** The partnership's schools by id; refuses (400, naming the field) a role at a school outside it. */
export async function checkRoleSchools(tx: Tx, partnershipId: string, roles: InvitedRole[]): Promise<Map<string, SchoolOption>> {
  const schoolMap = new Map((await partnershipSchoolOptions(tx, partnershipId)).map((s) => [s.id, s]));
  const errors: { [field: string]: string } = {};
  roles.forEach((r, i) => {
    if (r.schoolId && !schoolMap.has(r.schoolId)) errors[`roles.${i}.schoolId`] = 'That school is not part of this partnership.';
  });
  if (Object.keys(errors).length) throw fieldErrors(errors);
  return schoolMap;
}

/** How many people other than `userId` are admins of the partnership. */
export async function otherAdminCount(tx: Tx, partnershipId: string, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${roleAssignments.userId})`.mapWith(Number) })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.partnershipId, partnershipId),
        eq(roleAssignments.role, 'partnership_admin'),
        ne(roleAssignments.userId, userId),
      ),
    );
  return row?.n ?? 0;
}

/** A role as the audit trail records it, with the school's name so history reads without lookups. */
export function roleAuditValue(r: InvitedRole, schoolMap: Map<string, SchoolOption>): { [key: string]: AuditValue } {
  return { role: r.role, schoolId: r.schoolId, school: r.schoolId ? (schoolMap.get(r.schoolId)?.name ?? null) : null, subject: r.subject };
}

/** Gives a person one role in a partnership, with its `role.assign` audit event. */
export async function grantRole(
  { tx, audit }: Pick<CommandContext, 'tx' | 'audit'>,
  grant: { userId: string; partnershipId: string; role: InvitedRole; schoolMap: Map<string, SchoolOption>; data: { [key: string]: AuditValue } },
): Promise<void> {
  const { userId, partnershipId, role: r } = grant;
  const [row] = await tx
    .insert(roleAssignments)
    .values({ userId, partnershipId, role: r.role, schoolId: r.schoolId, subject: r.subject })
    .returning({ id: roleAssignments.id });
  await audit({
    partnershipId,
    entityType: 'role_assignment',
    entityId: row.id,
    verb: 'role.assign',
    changes: [{ field: 'role', before: null, after: roleAuditValue(r, grant.schoolMap) }],
    data: { userId, ...grant.data },
  });
}
