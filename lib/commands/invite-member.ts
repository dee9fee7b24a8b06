import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { type Invitation, type InvitedRole, invitations, users } from '@/db/schema';
import { type Actor, membershipOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { invitationMail } from '@/lib/mail/invitation';
import { type MailTransport, configuredMailTransport, sendMail } from '@/lib/mail/send';
import { authorize } from '@/lib/policies';
import { type InvitationView, type SchoolOption, memberOfPartnership, presentInvitation, presentInvitedRoles } from '@/lib/queries/members';
import { describeRole, inviteMemberSchema } from '@/lib/validation/members';
import { invitationExpiry, invitationPath, newInvitationToken } from './invitation-token';
import { checkRoleSchools, distinctRoles, lockPartnership, roleAuditValue } from './member-roles';
import { runCommand } from './support';

export type InviteMemberOptions = {
  actor: Actor;
  partnershipId: string;
  /** The request's fields, validated here with `inviteMemberSchema`. */
  input: unknown;
  /** Where links point, e.g. "https://plans.example.org" (lib/mail/origin.ts). */
  origin: string;
  /** Where the email goes; by default the environment's transport (none without SMTP_URL). */
  mail?: MailTransport | null;
};

/** An invitation just made or reissued: its link is known only now, never again. */
export type IssuedInvitation = { invitation: InvitationView; token: string; link: string; emailed: boolean };

const uuid = z.string().uuid();

/**
 * Refuses an invitation to someone who is already a member, whose account is disabled, or who
 * already has another invitation waiting. Call with the partnership locked.
 */
export async function assertInvitable(tx: Tx, partnershipId: string, email: string, exceptInvitationId?: string): Promise<{ hasAccount: boolean }> {
  const [account] = await tx.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.email, email)).limit(1);
  if (account && (await memberOfPartnership(tx, partnershipId, account.id))) {
    throw new AppError('conflict', `${email} is already a member of this partnership. Change their roles in the list of members instead.`);
  }
  if (account?.disabledAt) {
    throw new AppError('conflict', `The jointplan account for ${email} is switched off, so it cannot be invited.`);
  }
  const [waiting] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.partnershipId, partnershipId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
        exceptInvitationId ? ne(invitations.id, exceptInvitationId) : undefined,
      ),
    )
    .limit(1);
  if (waiting) {
    throw new AppError(
      'conflict',
      `${email} already has an invitation waiting. Use “New link” beside it under pending invitations, or revoke it first.`,
    );
  }
  return { hasAccount: Boolean(account) };
}

/** Emails an invitation link when mail is set up; after commit, and never failing the command. */
export async function mailInvitation(
  options: { actor: Actor; mail?: MailTransport | null; link: string },
  invitation: Invitation,
  schoolMap: Map<string, SchoolOption>,
): Promise<boolean> {
  const transport = options.mail === undefined ? configuredMailTransport() : options.mail;
  if (!transport) return false;
  const message = invitationMail({
    to: invitation.email,
    name: invitation.name,
    partnershipName: membershipOf(options.actor, invitation.partnershipId)?.partnershipName ?? 'a partnership',
    invitedBy: options.actor.name,
    roles: presentInvitedRoles(invitation.roles, schoolMap).map(describeRole),
    link: options.link,
    expiresAt: invitation.expiresAt,
  });
  return (await sendMail(transport, message)).delivered;
}

/**
 * Invites a person to a partnership with one or more roles (partnership admins only). Stores only
 * the SHA-256 of the link's token; emails the link when SMTP is configured and returns it either way.
 */
export async function inviteMember(db: Db, options: InviteMemberOptions): Promise<IssuedInvitation> {
  const { actor, partnershipId } = options;
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  const data = parseInput(inviteMemberSchema, options.input);
  authorize(actor, 'members.manage', { partnershipId }, 'Partnership');
  const roles: InvitedRole[] = distinctRoles(data.roles);
  const { token, tokenHash } = newInvitationToken();

  const { invitation, schoolMap } = await runCommand(db, actor, async ({ tx, audit }) => {
    await lockPartnership(tx, partnershipId);
    const schoolMap = await checkRoleSchools(tx, partnershipId, roles);
    const { hasAccount } = await assertInvitable(tx, partnershipId, data.email);
    const [invitation] = await tx
      .insert(invitations)
      .values({ partnershipId, email: data.email, name: data.name, roles, tokenHash, invitedById: actor.id, expiresAt: invitationExpiry() })
      .returning();
    await audit({
      partnershipId,
      entityType: 'invitation',
      entityId: invitation.id,
      verb: 'member.invite',
      changes: [
        { field: 'email', before: null, after: invitation.email },
        { field: 'name', before: null, after: invitation.name },
        { field: 'roles', before: null, after: roles.map((r) => roleAuditValue(r, schoolMap)) },
      ],
      data: { expiresAt: invitation.expiresAt.toISOString(), existingAccount: hasAccount },
    });
    return { invitation, schoolMap };
  });

  const link = `${options.origin}${invitationPath(token)}`;
  const emailed = await mailInvitation({ actor, mail: options.mail, link }, invitation, schoolMap);
  return { invitation: presentInvitation(invitation, actor.name, schoolMap), token, link, emailed };
}
