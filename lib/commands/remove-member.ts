import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { roleAssignments } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import { memberOfPartnership, partnershipSchoolOptions } from '@/lib/queries/members';
import { lastAdminMessage } from './change-member-roles';
import { lockPartnership, otherAdminCount, roleAuditValue } from './member-roles';
import { runCommand } from './support';

export type RemoveMemberOptions = { actor: Actor; partnershipId: string; userId: string };

const uuid = z.string().uuid();

/**
 * Takes a person out of a partnership (partnership admins only): every role they hold in it is
 * deleted, so their next request there is a 404. Their account, other partnerships and the history
 * they wrote stay. Refuses to remove the last admin.
 */
export async function removeMember(db: Db, options: RemoveMemberOptions): Promise<{ id: string }> {
  const { actor, partnershipId, userId } = options;
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  authorize(actor, 'members.manage', { partnershipId }, 'Partnership');
  if (!uuid.safeParse(userId).success) throw notFound('Member');

  return runCommand(db, actor, async ({ tx, audit }) => {
    await lockPartnership(tx, partnershipId);
    const member = await memberOfPartnership(tx, partnershipId, userId);
    if (!member) throw notFound('Member');
    if (member.roles.some((r) => r.role === 'partnership_admin') && (await otherAdminCount(tx, partnershipId, userId)) === 0) {
      throw new AppError('conflict', lastAdminMessage(actor, member, 'remove'));
    }
    const schoolMap = new Map((await partnershipSchoolOptions(tx, partnershipId)).map((s) => [s.id, s]));
    await tx.delete(roleAssignments).where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.partnershipId, partnershipId)));
    await audit({
      partnershipId,
      entityType: 'user',
      entityId: userId,
      verb: 'member.remove',
      changes: [{ field: 'roles', before: member.roles.map((r) => roleAuditValue(r, schoolMap)), after: [] }],
      data: { name: member.name, email: member.email },
    });
    return { id: userId };
  });
}
