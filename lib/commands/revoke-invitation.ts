import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { type Invitation, invitations } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import { invitationStatus } from '@/lib/queries/members';
import { runCommand } from './support';

const uuid = z.string().uuid();

/** An invitation locked for this transaction, once the actor may manage its partnership's people. */
export async function loadInvitationForAdmin(tx: Tx, actor: Actor, invitationId: string): Promise<Invitation> {
  if (!uuid.safeParse(invitationId).success) throw notFound('Invitation');
  const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for('update');
  if (!invitation) throw notFound('Invitation');
  authorize(actor, 'members.manage', { partnershipId: invitation.partnershipId }, 'Invitation');
  return invitation;
}

export type RevokeInvitationOptions = { actor: Actor; invitationId: string };

/** Revokes an invitation that has not been accepted: its link stops working at once. */
export async function revokeInvitation(db: Db, options: RevokeInvitationOptions): Promise<{ id: string; revokedAt: string }> {
  return runCommand(db, options.actor, async ({ tx, audit }) => {
    const invitation = await loadInvitationForAdmin(tx, options.actor, options.invitationId);
    const status = invitationStatus(invitation);
    if (status === 'used') {
      throw new AppError('conflict', `${invitation.email} has already accepted this invitation. To take them out, remove them from the members.`);
    }
    if (status === 'revoked') throw new AppError('conflict', 'This invitation was already revoked.');
    const revokedAt = new Date();
    await tx.update(invitations).set({ revokedAt }).where(eq(invitations.id, invitation.id));
    await audit({
      partnershipId: invitation.partnershipId,
      entityType: 'invitation',
      entityId: invitation.id,
      verb: 'member.invitation_revoke',
      changes: [{ field: 'revokedAt', before: null, after: revokedAt.toISOString() }],
      data: { email: invitation.email, name: invitation.name, wasExpired: status === 'expired' },
    });
    return { id: invitation.id, revokedAt: revokedAt.toISOString() };
  });
}
