import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { type Role, auditEvents, invitations, plans, roleAssignments, users } from '@/db/schema';
import { eventHash } from '@/lib/audit/events';
import { type Actor, loadActor } from '@/lib/auth/actor';
import { authenticateWithPassword } from '@/lib/auth/authenticate';
import { verifyPassword } from '@/lib/auth/password';
import { acceptInvitation } from '@/lib/commands/accept-invitation';
import { changeMemberRoles } from '@/lib/commands/change-member-roles';
import { hashInvitationToken } from '@/lib/commands/invitation-token';
import { inviteMember } from '@/lib/commands/invite-member';
import { removeMember } from '@/lib/commands/remove-member';
import { renewInvitation } from '@/lib/commands/renew-invitation';
import { revokeInvitation } from '@/lib/commands/revoke-invitation';
import { AppError } from '@/lib/errors';
import type { MailMessage, MailTransport } from '@/lib/mail/send';
import { findInvitationByToken, listMembers, listPendingInvitations } from '@/lib/queries/members';
import { getPlanView } from '@/lib/queries/plans';
import { TEST_PASSWORD, createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();
const ORIGIN = 'https://plans.test';
const PASSWORD = 'a long enough password';
const request = { ip: '198.51.100.9', userAgent: 'vitest-invitee' };
const NON_ADMIN_ROLES: Role[] = ['head_teacher', 'chair_of_governors', 'clerk', 'governor', 'jcc_member', 'subject_lead', 'staff', 'viewer'];

/** A partnership with two schools, its admin, and a partnership of someone else's. */
async function setup(db: Db) {
  const { partnership, schools } = await createPartnership(db, { schools: [{ shortCode: 'BR' }, { shortCode: 'WL' }] });
  const { partnership: other, schools: otherSchools } = await createPartnership(db, { schools: [{ shortCode: 'CL' }] });
  const { user: adminUser, actor: admin } = await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }]);
  const [br, wl] = schools;
  return { partnership, other, br, wl, otherSchool: otherSchools[0], admin, adminUser };
}

async function eventsOf(db: Db, partnershipId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.partnershipId, partnershipId)).orderBy(auditEvents.seq);
}

async function reload(db: Db, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return loadActor(db, user.id, user.sessionVersion);
}

const email = () => `invitee-${randomUUID().slice(0, 8)}@school.example`;

describe('inviting a person', () => {
  it('stores only the hash of a random token, expires in 14 days, returns the link and writes member.invite', async () => {
    const { db } = testDb();
    const { partnership, br, admin } = await setup(db);
    const to = email();
    const before = Date.now();
    const issued = await inviteMember(db, {
      actor: admin,
      partnershipId: partnership.id,
      origin: ORIGIN,
      mail: null,
      input: { email: `  ${to.toUpperCase()} `, name: 'Nia Jones', roles: [{ role: 'head_teacher', schoolId: br.id }, { role: 'jcc_member' }] },
    });
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.link).toBe(`${ORIGIN}/invitations/${issued.token}`);
    expect(issued.emailed).toBe(false);
    expect(issued.invitation).toMatchObject({ email: to, name: 'Nia Jones', invitedBy: admin.name });
    expect(issued.invitation.roles).toEqual([
      { role: 'head_teacher', schoolId: br.id, schoolName: br.name, schoolCode: 'BR', subject: null },
      { role: 'jcc_member', schoolId: null, schoolName: null, schoolCode: null, subject: null },
    ]);

    const [row] = await db.select().from(invitations).where(eq(invitations.id, issued.invitation.id));
    expect(row.tokenHash).toBe(hashInvitationToken(issued.token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(issued.token);
    const days = (row.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);

    const [event] = (await eventsOf(db, partnership.id)).filter((e) => e.entityId === row.id);
    expect(event).toMatchObject({ verb: 'member.invite', entityType: 'invitation', actorUserId: admin.id, actorRole: 'partnership_admin', ip: '203.0.113.7' });
    expect(event.changes).toEqual([
      { field: 'email', before: null, after: to },
      { field: 'name', before: null, after: 'Nia Jones' },
      {
        field: 'roles',
        before: null,
        after: [
          { role: 'head_teacher', schoolId: br.id, school: br.name, subject: null },
          { role: 'jcc_member', schoolId: null, school: null, subject: null },
        ],
      },
    ]);
    expect(eventHash(event.prevHash, event)).toBe(event.hash);
    expect((await listPendingInvitations(db, admin, partnership.id)).map((i) => i.id)).toEqual([row.id]);
  });

  it('emails the link when a mail transport is configured, after the invitation is committed', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const sent: { message: MailMessage; committed: boolean }[] = [];
    const mail: MailTransport = {
      name: 'capture',
      async send(message) {
        const rows = await db.select().from(invitations).where(eq(invitations.email, message.to));
        sent.push({ message, committed: rows.length === 1 });
        return { delivered: true };
      },
    };
    const to = email();
    const issued = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail, input: { email: to, name: 'Sam', roles: [{ role: 'viewer' }] } });
    expect(issued.emailed).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0].committed).toBe(true);
    expect(sent[0].message.to).toBe(to);
    expect(sent[0].message.subject).toContain(partnership.name);
    expect(sent[0].message.text).toContain(issued.link);
    expect(sent[0].message.text).toContain('Viewer');
  });

  it('a failing mail transport does not undo the invitation; the link is still returned', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const mail: MailTransport = {
      name: 'broken',
      send: async () => {
        throw new Error('connection refused');
      },
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const issued = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail, input: { email: email(), name: 'Sam', roles: [{ role: 'viewer' }] } });
    expect(logged).toHaveBeenCalledWith('[mail] sending through broken failed', expect.any(Error));
    logged.mockRestore();
    expect(issued.emailed).toBe(false);
    expect(await db.select().from(invitations).where(eq(invitations.id, issued.invitation.id))).toHaveLength(1);
  });

  it('only partnership admins may invite (403); an admin of another partnership gets 404; nothing is written', async () => {
    const { db } = testDb();
    const { partnership, other, br } = await setup(db);
    const input = { email: email(), name: 'Someone', roles: [{ role: 'staff', schoolId: br.id }] };
    for (const role of NON_ADMIN_ROLES) {
      const { actor } = await createUser(db, [{ partnershipId: partnership.id, role, schoolId: role === 'viewer' ? null : br.id, subject: role === 'subject_lead' ? 'English' : undefined }]);
      await expect(inviteMember(db, { actor, partnershipId: partnership.id, origin: ORIGIN, mail: null, input })).rejects.toMatchObject({ code: 'forbidden' });
    }
    const { actor: foreignAdmin } = await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }]);
    await expect(inviteMember(db, { actor: foreignAdmin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input })).rejects.toMatchObject({ code: 'not_found' });
    await expect(inviteMember(db, { actor: foreignAdmin, partnershipId: 'not-a-uuid', origin: ORIGIN, mail: null, input })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.select().from(invitations).where(eq(invitations.partnershipId, partnership.id))).toEqual([]);
    expect(await eventsOf(db, partnership.id)).toEqual([]);
  });

  it('checks each role: a school where the role needs one, none where it has none, a subject for a subject lead, schools of this partnership only', async () => {
    const { db } = testDb();
    const { partnership, br, otherSchool, admin } = await setup(db);
    const invite = (roles: unknown[]) => inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'X', roles } });
    const fieldsOf = async (roles: unknown[]) => {
      const error: unknown = await invite(roles).catch((e: unknown) => e);
      if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
      expect(error.code).toBe('validation_failed');
      return error.details?.fields ?? {};
    };
    expect(await fieldsOf([{ role: 'head_teacher' }])).toEqual({ 'roles.0.schoolId': 'Choose the school for a head teacher.' });
    expect(Object.keys(await fieldsOf([{ role: 'viewer', schoolId: br.id }]))).toEqual(['roles.0.schoolId']);
    expect(Object.keys(await fieldsOf([{ role: 'subject_lead', schoolId: br.id }]))).toEqual(['roles.0.subject']);
    expect(Object.keys(await fieldsOf([{ role: 'staff', schoolId: br.id, subject: 'Maths' }]))).toEqual(['roles.0.subject']);
    expect(await fieldsOf([{ role: 'viewer' }, { role: 'governor', schoolId: otherSchool.id }])).toEqual({ 'roles.1.schoolId': 'That school is not part of this partnership.' });
    expect(Object.keys(await fieldsOf([]))).toEqual(['roles']);
    expect(Object.keys(await fieldsOf([{ role: 'wizard' }]))).toEqual(['roles.0.role']);
    expect(Object.keys(await fieldsOf([{ role: 'viewer', extra: true }]))).toEqual(['roles.0']);
    await expect(
      inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: 'not an email', name: '', roles: [{ role: 'viewer' }], admin: true } }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { fields: { email: expect.any(String), name: expect.any(String), admin: expect.stringContaining('Unknown field') } } });
    // jcc_member may name a school or not; a subject lead with school and subject is fine.
    await expect(invite([{ role: 'jcc_member', schoolId: br.id }, { role: 'subject_lead', schoolId: br.id, subject: 'English' }])).resolves.toBeTruthy();
    expect((await eventsOf(db, partnership.id)).map((e) => e.verb)).toEqual(['member.invite']);
  });

  it('refuses (409) an email that is already a member or already has a pending invitation', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const { user: member } = await createUser(db, [{ partnershipId: partnership.id, role: 'viewer' }]);
    await expect(
      inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: member.email.toUpperCase(), name: 'Again', roles: [{ role: 'viewer' }] } }),
    ).rejects.toMatchObject({ code: 'conflict', message: `${member.email} is already a member of this partnership. Change their roles in the list of members instead.` });
    const to = email();
    await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: to, name: 'Once', roles: [{ role: 'viewer' }] } });
    await expect(
      inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: to, name: 'Twice', roles: [{ role: 'viewer' }] } }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already has an invitation waiting') });
    expect(await db.select().from(invitations).where(eq(invitations.email, to))).toHaveLength(1);
  });
});

describe('accepting an invitation', () => {
  it('creates the account with the roles, uses up the token, writes user.create, role.assign and member.join', async () => {
    const { db } = testDb();
    const { partnership, br, admin } = await setup(db);
    const to = email();
    const { token, invitation } = await inviteMember(db, {
      actor: admin,
      partnershipId: partnership.id,
      origin: ORIGIN,
      mail: null,
      input: { email: to, name: 'Nia Jones', roles: [{ role: 'head_teacher', schoolId: br.id }, { role: 'jcc_member' }] },
    });
    const lookup = await findInvitationByToken(db, token);
    expect(lookup).toMatchObject({ status: 'pending', partnershipName: partnership.name, email: to, name: 'Nia Jones', hasAccount: false });

    const result = await acceptInvitation(db, { token, request, input: { name: ' Nia Jones-Evans ', password: PASSWORD, confirmPassword: PASSWORD } });
    expect(result).toMatchObject({ email: to, partnershipId: partnership.id, createdAccount: true });
    const [user] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ email: to, name: 'Nia Jones-Evans' });
    expect(await verifyPassword(PASSWORD, user.passwordHash ?? '')).toBe(true);
    expect(await authenticateWithPassword(db, { email: to, password: PASSWORD, ip: '198.51.100.9' })).toMatchObject({ ok: true });
    const actor = await reload(db, user.id);
    expect(actor?.memberships).toEqual([
      {
        partnershipId: partnership.id,
        partnershipName: partnership.name,
        roles: expect.arrayContaining([
          { role: 'head_teacher', schoolId: br.id, schoolName: br.name, subject: null },
          { role: 'jcc_member', schoolId: null, schoolName: null, subject: null },
        ]),
      },
    ]);
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect(row.acceptedUserId).toBe(user.id);

    const events = (await eventsOf(db, partnership.id)).filter((e) => e.actorUserId === user.id);
    expect(events.map((e) => e.verb)).toEqual(['user.create', 'role.assign', 'role.assign', 'member.join']);
    expect(events.every((e) => e.actorName === 'Nia Jones-Evans' && e.ip === request.ip && e.userAgent === request.userAgent)).toBe(true);
    expect(events[0].changes).toEqual([
      { field: 'email', before: null, after: to },
      { field: 'name', before: null, after: 'Nia Jones-Evans' },
    ]);
    expect(events[3]).toMatchObject({ entityType: 'user', entityId: user.id, data: { invitationId: invitation.id, newAccount: true } });
    expect(events[3].changes[0]).toMatchObject({ field: 'roles', before: [], after: expect.arrayContaining([expect.objectContaining({ role: 'head_teacher', school: br.name })]) });

    // Single use: the same link again is refused, and reveals nothing.
    await expect(acceptInvitation(db, { token, request, input: { name: 'X', password: PASSWORD, confirmPassword: PASSWORD } })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already been used'),
    });
    expect(await findInvitationByToken(db, token)).toEqual({ status: 'used' });
    expect(await listPendingInvitations(db, admin, partnership.id)).toEqual([]);
  });

  it('adds the roles to an existing account found by email, without a new password', async () => {
    const { db } = testDb();
    const { partnership, other, wl, admin } = await setup(db);
    const { user: existing } = await createUser(db, [{ partnershipId: other.id, role: 'head_teacher' }]);
    const { token } = await inviteMember(db, {
      actor: admin,
      partnershipId: partnership.id,
      origin: ORIGIN,
      mail: null,
      input: { email: existing.email, name: 'Ignored name', roles: [{ role: 'governor', schoolId: wl.id }] },
    });
    expect(await findInvitationByToken(db, token)).toMatchObject({ status: 'pending', hasAccount: true });
    const result = await acceptInvitation(db, { token, request, input: { password: 'attempt to change it', confirmPassword: 'attempt to change it' } });
    expect(result).toEqual({ userId: existing.id, email: existing.email, partnershipId: partnership.id, partnershipName: partnership.name, createdAccount: false });
    const [after] = await db.select().from(users).where(eq(users.id, existing.id));
    expect(after.passwordHash).toBe(existing.passwordHash);
    expect(after.name).toBe(existing.name);
    expect(await verifyPassword(TEST_PASSWORD, after.passwordHash ?? '')).toBe(true);
    const actor = await reload(db, existing.id);
    expect(actor?.memberships.map((m) => m.partnershipId).sort()).toEqual([partnership.id, other.id].sort());
    const verbs = (await eventsOf(db, partnership.id)).filter((e) => e.actorUserId === existing.id).map((e) => e.verb);
    expect(verbs).toEqual(['role.assign', 'member.join']);
  });

  it('a new person must give a name and a password of at least 12 characters, twice; nothing is written otherwise', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const to = email();
    const { token } = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: to, name: 'N', roles: [{ role: 'viewer' }] } });
    const eventsBefore = (await eventsOf(db, partnership.id)).length;
    await expect(acceptInvitation(db, { token, request, input: { name: 'N', password: 'short', confirmPassword: 'short' } })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { password: 'Choose a password of at least 12 characters.' } },
    });
    await expect(acceptInvitation(db, { token, request, input: { name: 'N', password: PASSWORD, confirmPassword: `${PASSWORD}!` } })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { confirmPassword: expect.any(String) } },
    });
    await expect(acceptInvitation(db, { token, request, input: { name: '  ', password: PASSWORD, confirmPassword: PASSWORD } })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { name: expect.any(String) } },
    });
    expect(await db.select().from(users).where(eq(users.email, to))).toEqual([]);
    expect(await eventsOf(db, partnership.id)).toHaveLength(eventsBefore);
    expect(await findInvitationByToken(db, token)).toMatchObject({ status: 'pending' });
  });

  it('refuses expired, revoked and unknown tokens with a plain message, revealing nothing', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const input = { name: 'N', password: PASSWORD, confirmPassword: PASSWORD };
    const expired = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'E', roles: [{ role: 'viewer' }] } });
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.invitation.id));
    expect(await findInvitationByToken(db, expired.token)).toEqual({ status: 'expired' });
    await expect(acceptInvitation(db, { token: expired.token, request, input })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('expired') });
    expect(await listPendingInvitations(db, admin, partnership.id)).toEqual([]);

    const revoked = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'R', roles: [{ role: 'viewer' }] } });
    await revokeInvitation(db, { actor: admin, invitationId: revoked.invitation.id });
    expect(await findInvitationByToken(db, revoked.token)).toEqual({ status: 'revoked' });
    await expect(acceptInvitation(db, { token: revoked.token, request, input })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('withdrawn') });

    const unknown = 'A'.repeat(43);
    expect(await findInvitationByToken(db, unknown)).toEqual({ status: 'unknown' });
    expect(await findInvitationByToken(db, 'short')).toEqual({ status: 'unknown' });
    await expect(acceptInvitation(db, { token: unknown, request, input })).rejects.toMatchObject({ code: 'not_found' });
    await expect(acceptInvitation(db, { token: "'; drop table users; --", request, input })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.select().from(users).where(inArray(users.name, ['N']))).toEqual([]);
  });

  it('is one transaction: a failure after the account was written leaves no account, no role and no audit row', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const to = email();
    const { token, invitation } = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: to, name: 'N', roles: [{ role: 'viewer' }] } });
    // A role the database refuses: the insert fails after user.create has been written in the transaction.
    const roles = JSON.stringify([
      { role: 'viewer', schoolId: null, subject: null },
      { role: 'wizard', schoolId: null, subject: null },
    ]);
    await db.execute(sql`update invitations set roles = ${roles}::jsonb where id = ${invitation.id}`);
    const before = await eventsOf(db, partnership.id);
    await expect(acceptInvitation(db, { token, request, input: { name: 'N', password: PASSWORD, confirmPassword: PASSWORD } })).rejects.toThrow();
    expect(await db.select().from(users).where(eq(users.email, to))).toEqual([]);
    expect(await eventsOf(db, partnership.id)).toEqual(before);
    expect(await findInvitationByToken(db, token)).toMatchObject({ status: 'pending' });
  });
});

describe('revoking and reissuing invitations', () => {
  it('only admins of the partnership revoke (403 / 404); an accepted invitation cannot be revoked', async () => {
    const { db } = testDb();
    const { partnership, other, admin } = await setup(db);
    const { invitation, token } = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'R', roles: [{ role: 'viewer' }] } });
    const { actor: head } = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher' }]);
    const { actor: foreignAdmin } = await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }]);
    await expect(revokeInvitation(db, { actor: head, invitationId: invitation.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(revokeInvitation(db, { actor: foreignAdmin, invitationId: invitation.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revokeInvitation(db, { actor: admin, invitationId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revokeInvitation(db, { actor: admin, invitationId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await findInvitationByToken(db, token)).toMatchObject({ status: 'pending' });

    const { revokedAt } = await revokeInvitation(db, { actor: admin, invitationId: invitation.id });
    const events = await eventsOf(db, partnership.id);
    expect(events.at(-1)).toMatchObject({
      verb: 'member.invitation_revoke',
      entityType: 'invitation',
      entityId: invitation.id,
      actorUserId: admin.id,
      changes: [{ field: 'revokedAt', before: null, after: revokedAt }],
    });
    await expect(revokeInvitation(db, { actor: admin, invitationId: invitation.id })).rejects.toMatchObject({ code: 'conflict' });

    const accepted = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'A', roles: [{ role: 'viewer' }] } });
    await acceptInvitation(db, { token: accepted.token, request, input: { name: 'A', password: PASSWORD, confirmPassword: PASSWORD } });
    await expect(revokeInvitation(db, { actor: admin, invitationId: accepted.invitation.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a new link replaces the old one, which stops working', async () => {
    const { db } = testDb();
    const { partnership, admin } = await setup(db);
    const first = await inviteMember(db, { actor: admin, partnershipId: partnership.id, origin: ORIGIN, mail: null, input: { email: email(), name: 'L', roles: [{ role: 'viewer' }] } });
    const { actor: head } = await createUser(db, [{ partnershipId: partnership.id, role: 'head_teacher' }]);
    await expect(renewInvitation(db, { actor: head, invitationId: first.invitation.id, origin: ORIGIN, mail: null })).rejects.toMatchObject({ code: 'forbidden' });
    const second = await renewInvitation(db, { actor: admin, invitationId: first.invitation.id, origin: ORIGIN, mail: null });
    expect(second.token).not.toBe(first.token);
    expect(second.link).toBe(`${ORIGIN}/invitations/${second.token}`);
    expect(await findInvitationByToken(db, first.token)).toEqual({ status: 'unknown' });
    expect(await findInvitationByToken(db, second.token)).toMatchObject({ status: 'pending' });
    expect((await eventsOf(db, partnership.id)).at(-1)).toMatchObject({ verb: 'member.invite', data: { reissued: true } });
  });
});

describe('changing roles and removing members', () => {
  it('replaces a member’s roles with the set given, with role.revoke and role.assign events', async () => {
    const { db } = testDb();
    const { partnership, br, wl, admin } = await setup(db);
    const { user } = await createUser(db, [
      { partnershipId: partnership.id, role: 'staff', schoolId: br.id },
      { partnershipId: partnership.id, role: 'governor', schoolId: wl.id },
    ]);
    const member = await changeMemberRoles(db, {
      actor: admin,
      partnershipId: partnership.id,
      userId: user.id,
      input: { roles: [{ role: 'governor', schoolId: wl.id }, { role: 'subject_lead', schoolId: br.id, subject: 'Maths' }, { role: 'governor', schoolId: wl.id }] },
    });
    expect(member).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      roles: [
        { role: 'governor', schoolId: wl.id, schoolName: wl.name, schoolCode: 'WL', subject: null },
        { role: 'subject_lead', schoolId: br.id, schoolName: br.name, schoolCode: 'BR', subject: 'Maths' },
      ],
    });
    const events = (await eventsOf(db, partnership.id)).filter((e) => e.data.userId === user.id);
    expect(events.map((e) => [e.verb, e.changes])).toEqual([
      ['role.revoke', [{ field: 'role', before: { role: 'staff', schoolId: br.id, school: br.name, subject: null }, after: null }]],
      ['role.assign', [{ field: 'role', before: null, after: { role: 'subject_lead', schoolId: br.id, school: br.name, subject: 'Maths' } }]],
    ]);
    expect(events.every((e) => e.actorUserId === admin.id && e.entityType === 'role_assignment')).toBe(true);
    // The same set again changes nothing and writes nothing.
    await changeMemberRoles(db, { actor: admin, partnershipId: partnership.id, userId: user.id, input: { roles: member.roles.map(({ role, schoolId, subject }) => ({ role, schoolId, subject })) } });
    expect((await eventsOf(db, partnership.id)).filter((e) => e.data.userId === user.id)).toHaveLength(2);
  });

  it('only admins change roles or remove (403); another partnership’s admin gets 404; so does a non-member', async () => {
    const { db } = testDb();
    const { partnership, other, br, admin } = await setup(db);
    const { user: target } = await createUser(db, [{ partnershipId: partnership.id, role: 'staff', schoolId: br.id }]);
    const input = { roles: [{ role: 'viewer' }] };
    for (const role of NON_ADMIN_ROLES) {
      const { actor } = await createUser(db, [{ partnershipId: partnership.id, role: role === 'subject_lead' ? 'staff' : role, schoolId: role === 'viewer' ? null : br.id }]);
      await expect(changeMemberRoles(db, { actor, partnershipId: partnership.id, userId: target.id, input })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(removeMember(db, { actor, partnershipId: partnership.id, userId: target.id })).rejects.toMatchObject({ code: 'forbidden' });
    }
    const { actor: foreignAdmin } = await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }]);
    await expect(changeMemberRoles(db, { actor: foreignAdmin, partnershipId: partnership.id, userId: target.id, input })).rejects.toMatchObject({ code: 'not_found' });
    await expect(removeMember(db, { actor: foreignAdmin, partnershipId: partnership.id, userId: target.id })).rejects.toMatchObject({ code: 'not_found' });
    // An admin cannot reach a person of another partnership through their own.
    const { user: outsider } = await createUser(db, [{ partnershipId: other.id, role: 'staff', schoolId: null }]);
    await expect(changeMemberRoles(db, { actor: admin, partnershipId: partnership.id, userId: outsider.id, input })).rejects.toMatchObject({ code: 'not_found' });
    await expect(removeMember(db, { actor: admin, partnershipId: partnership.id, userId: outsider.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(removeMember(db, { actor: admin, partnershipId: partnership.id, userId: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, outsider.id))).toHaveLength(1);
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, target.id))).toMatchObject([{ role: 'staff' }]);
    expect(await eventsOf(db, partnership.id)).toEqual([]);
  });

  it('the last partnership admin cannot remove or demote themselves; with a second admin they can', async () => {
    const { db } = testDb();
    const { partnership, adminUser, admin } = await setup(db);
    await expect(
      changeMemberRoles(db, { actor: admin, partnershipId: partnership.id, userId: admin.id, input: { roles: [{ role: 'viewer' }] } }),
    ).rejects.toMatchObject({ code: 'conflict', message: 'You are the only partnership admin, so you cannot give up that role. Make someone else a partnership admin first.' });
    await expect(removeMember(db, { actor: admin, partnershipId: partnership.id, userId: admin.id })).rejects.toMatchObject({
      code: 'conflict',
      message: 'You are the only partnership admin, so you cannot remove yourself. Make someone else a partnership admin first.',
    });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, adminUser.id))).toMatchObject([{ role: 'partnership_admin' }]);
    expect(await eventsOf(db, partnership.id)).toEqual([]);

    // Keeping the admin role while adding another is fine.
    await changeMemberRoles(db, { actor: admin, partnershipId: partnership.id, userId: admin.id, input: { roles: [{ role: 'partnership_admin' }, { role: 'viewer' }] } });
    const { user: second } = await createUser(db, [{ partnershipId: partnership.id, role: 'partnership_admin' }]);
    await changeMemberRoles(db, { actor: admin, partnershipId: partnership.id, userId: admin.id, input: { roles: [{ role: 'viewer' }] } });
    const demoted = await reload(db, admin.id);
    if (!demoted) throw new Error('actor');
    // Now only a viewer, the former admin can no longer manage people.
    await expect(removeMember(db, { actor: demoted, partnershipId: partnership.id, userId: second.id })).rejects.toMatchObject({ code: 'forbidden' });
    const secondActor = await reload(db, second.id);
    if (!secondActor) throw new Error('actor');
    await expect(removeMember(db, { actor: secondActor, partnershipId: partnership.id, userId: second.id })).rejects.toMatchObject({ code: 'conflict' });
    await removeMember(db, { actor: secondActor, partnershipId: partnership.id, userId: admin.id });
  });

  it('removal deletes the person’s roles in that partnership only, writes member.remove, and their next request there is a 404', async () => {
    const { db } = testDb();
    const { partnership, other, br, admin } = await setup(db);
    const { user } = await createUser(db, [
      { partnershipId: partnership.id, role: 'head_teacher', schoolId: br.id },
      { partnershipId: other.id, role: 'viewer' },
    ]);
    const planId = randomUUID();
    await db.insert(plans).values({ id: planId, lineageId: planId, partnershipId: partnership.id, title: 'Collaboration Action Plan', academicYear: 2017 });
    const before = await reload(db, user.id);
    if (!before) throw new Error('actor');
    expect((await getPlanView(db, before, planId)).title).toBe('Collaboration Action Plan');
    expect((await listMembers(db, before, partnership.id)).map((m) => m.id)).toContain(user.id);

    expect(await removeMember(db, { actor: admin, partnershipId: partnership.id, userId: user.id })).toEqual({ id: user.id });

    const after = await reload(db, user.id);
    if (!after) throw new Error('their account and other partnerships remain');
    expect(after.memberships.map((m) => m.partnershipId)).toEqual([other.id]);
    await expect(getPlanView(db, after, planId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listMembers(db, after, partnership.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listMembers(db, admin, partnership.id)).map((m) => m.id)).not.toContain(user.id);
    const [event] = (await eventsOf(db, partnership.id)).filter((e) => e.verb === 'member.remove');
    expect(event).toMatchObject({
      entityType: 'user',
      entityId: user.id,
      actorUserId: admin.id,
      changes: [{ field: 'roles', before: [{ role: 'head_teacher', schoolId: br.id, school: br.name, subject: null }], after: [] }],
      data: { name: user.name, email: user.email },
    });
    await expect(removeMember(db, { actor: admin, partnershipId: partnership.id, userId: user.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.select().from(roleAssignments).where(and(eq(roleAssignments.userId, user.id), eq(roleAssignments.partnershipId, other.id)))).toHaveLength(1);
  });
});

describe('reading members', () => {
  it('any member sees the people and their roles, without credentials; outsiders get 404; pending invitations are for admins', async () => {
    const { db } = testDb();
    const { partnership, other, br, admin } = await setup(db);
    const { actor: viewer } = await createUser(db, [{ partnershipId: partnership.id, role: 'viewer' }], { name: 'Aaron Viewer' });
    await createUser(db, [{ partnershipId: partnership.id, role: 'subject_lead', schoolId: br.id, subject: 'English' }]);
    const members = await listMembers(db, viewer, partnership.id);
    expect(members).toHaveLength(3);
    for (const m of members) expect(Object.keys(m).sort()).toEqual(['email', 'id', 'name', 'roles']);
    expect(JSON.stringify(members)).not.toMatch(/scrypt|passwordHash|sessionVersion/);
    expect(members.flatMap((m) => m.roles)).toContainEqual({ role: 'subject_lead', schoolId: br.id, schoolName: br.name, schoolCode: 'BR', subject: 'English' });
    const { actor: outsider } = await createUser(db, [{ partnershipId: other.id, role: 'partnership_admin' }]);
    await expect(listMembers(db, outsider, partnership.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listPendingInvitations(db, viewer, partnership.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listPendingInvitations(db, outsider, partnership.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listPendingInvitations(db, admin, partnership.id)).resolves.toEqual([]);
  });
});
