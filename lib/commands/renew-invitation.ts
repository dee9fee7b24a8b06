import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import type { MailTransport } from '@/lib/mail/send';
import { invitationStatus, partnershipSchoolOptions, presentInvitation } from '@/lib/queries/members';
import { type IssuedInvitation, assertInvitable, mailInvitation } from './invite-member';
import { invitationExpiry, invitationPath, newInvitationToken } from './invitation-token';
import { lockPartnership } from './member-roles';
import { loadInvitationForAdmin } from './revoke-invitation';
import { runCommand } from './support';

export type RenewInvitationOptions = {
  actor: Actor;
  invitationId: string;
  origin: string;
  mail?: MailTransport | null;
};

/**
 * Gives an unaccepted, unrevoked invitation a new link, valid for another 14 days; the old link
 * stops working. Only the token's hash is stored, so this is how an admin gets a link to copy again.
 */
export async function renewInvitation(db: Db, options: RenewInvitationOptions): Promise<IssuedInvitation> {
  const { actor } = options;
  const { token, tokenHash } = newInvitationToken();
  const { invitation, schoolMap, invitedBy } = await runCommand(db, actor, async ({ tx, audit }) => {
    const current = await loadInvitationForAdmin(tx, actor, options.invitationId);
    const status = invitationStatus(current);
    if (status === 'used') throw new AppError('conflict', `${current.email} has already accepted this invitation.`);
    if (status === 'revoked') throw new AppError('conflict', 'This invitation was revoked. Invite the person again instead.');
    await lockPartnership(tx, current.partnershipId);
    await assertInvitable(tx, current.partnershipId, current.email, current.id);
    const [invitation] = await tx
      .update(invitations)
      .set({ tokenHash, expiresAt: invitationExpiry() })
      .where(eq(invitations.id, current.id))
      .returning();
    await audit({
      partnershipId: invitation.partnershipId,
      entityType: 'invitation',
      entityId: invitation.id,
      verb: 'member.invite',
      changes: [{ field: 'expiresAt', before: current.expiresAt.toISOString(), after: invitation.expiresAt.toISOString() }],
      data: { reissued: true, email: invitation.email },
    });
    const schoolMap = new Map((await partnershipSchoolOptions(tx, invitation.partnershipId)).map((s) => [s.id, s]));
    const [inviter] = invitation.invitedById
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, invitation.invitedById))
      : [];
    return { invitation, schoolMap, invitedBy: inviter?.name ?? null };
  });
  const link = `${options.origin}${invitationPath(token)}`;
  const emailed = await mailInvitation({ actor, mail: options.mail, link }, invitation, schoolMap);
  return { invitation: presentInvitation(invitation, invitedBy, schoolMap), token, link, emailed };
}
