import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { roleAssignments } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { type MemberView, memberOfPartnership } from '@/lib/queries/members';
import { changeMemberRolesSchema } from '@/lib/validation/members';
import { checkRoleSchools, distinctRoles, grantRole, lockPartnership, otherAdminCount, roleAuditValue, roleKey } from './member-roles';
import { runCommand } from './support';

export type ChangeMemberRolesOptions = {
  actor: Actor;
  partnershipId: string;
  userId: string;
  /** `{ roles }`: the member's full set of roles in this partnership (changeMemberRolesSchema). */
  input: unknown;
};

const uuid = z.string().uuid();

/** The message when a change would leave a partnership without an admin. */
export function lastAdminMessage(actor: Actor, member: { id: string; name: string }, doing: 'remove' | 'demote'): string {
  const self = member.id === actor.id;
  const who = self ? 'You are' : `${member.name} is`;
  const refused =
    doing === 'remove'
      ? self ? 'you cannot remove yourself' : 'they cannot be removed'
      : self ? 'you cannot give up that role' : 'they cannot lose that role';
  return `${who} the only partnership admin, so ${refused}. Make someone else a partnership admin first.`;
}

/**
 * Replaces a member's roles in one partnership with the set given (partnership admins only),
 * writing a `role.revoke` or `role.assign` event for each role taken away or added. Refuses to
 * leave the partnership without an admin.
 */
export async function changeMemberRoles(db: Db, options: ChangeMemberRolesOptions): Promise<MemberView> {
  const { actor, partnershipId, userId } = options;
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  const data = parseInput(changeMemberRolesSchema, options.input);
  authorize(actor, 'members.manage', { partnershipId }, 'Partnership');
  if (!uuid.safeParse(userId).success) throw notFound('Member');
  const wanted = distinctRoles(data.roles);

  return runCommand(db, actor, async ({ tx, audit }) => {
    await lockPartnership(tx, partnershipId);
    const member = await memberOfPartnership(tx, partnershipId, userId);
    if (!member) throw notFound('Member');
    const schoolMap = await checkRoleSchools(tx, partnershipId, wanted);
    const current = await tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.partnershipId, partnershipId)));
    const wantedKeys = new Set(wanted.map(roleKey));
    const currentKeys = new Set(current.map(roleKey));
    const removed = current.filter((r) => !wantedKeys.has(roleKey(r)));
    const added = wanted.filter((r) => !currentKeys.has(roleKey(r)));

    const losesAdmin = removed.some((r) => r.role === 'partnership_admin') && !wanted.some((r) => r.role === 'partnership_admin');
    if (losesAdmin && (await otherAdminCount(tx, partnershipId, userId)) === 0) {
      throw new AppError('conflict', lastAdminMessage(actor, member, 'demote'));
    }

    if (removed.length) {
      await tx.delete(roleAssignments).where(inArray(roleAssignments.id, removed.map((r) => r.id)));
    }
    for (const r of removed) {
      await audit({
        partnershipId,
        entityType: 'role_assignment',
        entityId: r.id,
        verb: 'role.revoke',
        changes: [{ field: 'role', before: roleAuditValue(r, schoolMap), after: null }],
        data: { userId, name: member.name, email: member.email },
      });
    }
    for (const r of added) {
      await grantRole({ tx, audit }, { userId, partnershipId, role: r, schoolMap, data: { name: member.name, email: member.email } });
    }
    const after = await memberOfPartnership(tx, partnershipId, userId);
    if (!after) throw new AppError('internal', 'The member has no roles after the change.');
    return after;
  });
}
