import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Invitation, type InvitedRole, invitations, partnerships, roleAssignments, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { type InvitationStatus, invitationStatus, partnershipSchoolOptions } from '@/lib/queries/members';
import { invitationTokenSchema, newAccountSchema } from '@/lib/validation/members';
import { hashInvitationToken } from './invitation-token';
import { grantRole, roleAuditValue, roleKey } from './member-roles';
import { runCommand } from './support';

export type AcceptInvitationOptions = {
  token: string;
  /** For a new account: `{ name, password, confirmPassword }` (newAccountSchema). Ignored for an existing one. */
  input: unknown;
  /** Where the request came from, for the audit trail. */
  request: { ip: string | null; userAgent: string | null };
};

export type AcceptInvitationResult = { userId: string; email: string; partnershipId: string; partnershipName: string; createdAccount: boolean };

const UNUSABLE: { [S in Exclude<InvitationStatus, 'pending'>]: string } = {
  expired: 'This invitation has expired. Ask your partnership admin to send you a new one.',
  revoked: 'This invitation was withdrawn. Ask your partnership admin if you still need to join.',
  used: 'This invitation has already been used. Sign in with your email address and password.',
};

/** 404 for an unknown token; 409 with a plain reason for an expired, revoked or used one. */
function assertUsable(invitation: Invitation | undefined): asserts invitation is Invitation {
  if (!invitation) throw new AppError('not_found', 'This invitation link is not valid. Check you copied all of it, or ask for a new one.');
  const status = invitationStatus(invitation);
  if (status !== 'pending') throw new AppError('conflict', UNUSABLE[status]);
}

/**
 * Accepts an invitation: creates the account (or, for an email that already has one, adds the
 * roles to it without touching its password), grants the roles and uses up the token, with
 * `user.create`, `role.assign` and `member.join` events, all in one transaction.
 */
export async function acceptInvitation(db: Db, options: AcceptInvitationOptions): Promise<AcceptInvitationResult> {
  if (!invitationTokenSchema.safeParse(options.token).success) assertUsable(undefined);
  const tokenHash = hashInvitationToken(options.token);
  const [preview] = await db
    .select({ invitation: invitations, partnershipName: partnerships.name })
    .from(invitations)
    .innerJoin(partnerships, eq(partnerships.id, invitations.partnershipId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  assertUsable(preview?.invitation);
  const { invitation: seen, partnershipName } = preview;
  const [existing] = await db.select().from(users).where(eq(users.email, seen.email)).limit(1);
  if (existing?.disabledAt) throw new AppError('conflict', 'Your jointplan account is switched off. Ask your partnership admin for help.');

  // Hashing is slow on purpose: done before the transaction so no lock waits on it.
  const account = existing ? null : parseInput(newAccountSchema, options.input);
  const passwordHash = account ? await hashPassword(account.password) : null;
  const schoolMap = new Map((await partnershipSchoolOptions(db, seen.partnershipId)).map((s) => [s.id, s]));

  // Whoever holds the token is the invitee: the audit trail records them as the actor of their own joining.
  const userId = existing?.id ?? randomUUID();
  const actor: Actor = {
    id: userId,
    email: seen.email,
    name: account?.name ?? existing?.name ?? seen.name,
    memberships: [
      {
        partnershipId: seen.partnershipId,
        partnershipName,
        roles: seen.roles.map((r) => ({ ...r, schoolName: r.schoolId ? (schoolMap.get(r.schoolId)?.name ?? null) : null })),
      },
    ],
    ip: options.request.ip,
    userAgent: options.request.userAgent,
  };

  return runCommand(db, actor, async ({ tx, audit }) => {
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, seen.id)).for('update');
    assertUsable(invitation);
    if (invitation.tokenHash !== tokenHash) assertUsable(undefined); // a new link was issued meanwhile
    const partnershipId = invitation.partnershipId;
    const [current] = await tx.select().from(users).where(eq(users.email, invitation.email)).for('update');
    if (Boolean(current) !== Boolean(existing)) {
      throw new AppError('conflict', 'Your account changed while you were accepting. Open the invitation link again.');
    }

    if (!current) {
      if (!account || !passwordHash) throw new AppError('internal', 'A new account needs a password.');
      const [created] = await tx
        .insert(users)
        .values({ id: userId, email: invitation.email, name: account.name, passwordHash })
        .returning();
      await audit({
        partnershipId,
        entityType: 'user',
        entityId: created.id,
        verb: 'user.create',
        changes: [
          { field: 'email', before: null, after: created.email },
          { field: 'name', before: null, after: created.name },
        ],
        data: { invitationId: invitation.id },
      });
    }

    const held = await tx
      .select({ role: roleAssignments.role, schoolId: roleAssignments.schoolId, subject: roleAssignments.subject })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.partnershipId, partnershipId)));
    const heldKeys = new Set(held.map(roleKey));
    const granted: InvitedRole[] = [];
    for (const r of invitation.roles) {
      // A school that has left the partnership since the invitation cannot be given a role.
      if (r.schoolId && !schoolMap.has(r.schoolId)) continue;
      if (heldKeys.has(roleKey(r))) continue;
      heldKeys.add(roleKey(r));
      await grantRole({ tx, audit }, { userId, partnershipId, role: r, schoolMap, data: { invitationId: invitation.id } });
      granted.push(r);
    }

    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedUserId: userId }).where(eq(invitations.id, invitation.id));
    await audit({
      partnershipId,
      entityType: 'user',
      entityId: userId,
      verb: 'member.join',
      changes: [
        {
          field: 'roles',
          before: held.map((r) => roleAuditValue(r, schoolMap)),
          after: [...held, ...granted].map((r) => roleAuditValue(r, schoolMap)),
        },
      ],
      data: { invitationId: invitation.id, email: invitation.email, newAccount: !current },
    });
    return { userId, email: invitation.email, partnershipId, partnershipName, createdAccount: !current };
  });
}
