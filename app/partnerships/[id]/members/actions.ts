'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import type { InviteState, MemberFormState, RenewState, RowActionState } from '@/components/members/member-state';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { changeMemberRoles } from '@/lib/commands/change-member-roles';
import { inviteMember } from '@/lib/commands/invite-member';
import { removeMember } from '@/lib/commands/remove-member';
import { renewInvitation } from '@/lib/commands/renew-invitation';
import { revokeInvitation } from '@/lib/commands/revoke-invitation';
import { AppError } from '@/lib/errors';
import { publicOrigin } from '@/lib/mail/origin';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
};

/** The role rows of a form: each row sends role, schoolId and subject, in order. */
function rolesOf(formData: FormData) {
  const texts = (name: string) => formData.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
  const schoolIds = texts('schoolId');
  const subjects = texts('subject');
  return texts('role').map((role, i) => ({ role, schoolId: schoolIds[i] ?? '', subject: subjects[i] ?? '' }));
}

/** A refusal as the form shows it; anything but an AppError is a real failure and is rethrown. */
function refusal(error: unknown): MemberFormState {
  if (!(error instanceof AppError)) throw error;
  const fields: { [field: string]: string } = {};
  const given = error.details?.fields;
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    for (const [field, message] of Object.entries(given)) if (typeof message === 'string') fields[field] = message;
  }
  const message = Object.keys(fields).length ? `${error.message} ${Object.values(fields)[0]}` : error.message;
  return { error: message, fields };
}

const membersPath = (partnershipId: string) => `/partnerships/${partnershipId}/members`;

/** Invites a person; returns the link to show. */
export async function inviteMemberAction(_prev: InviteState, formData: FormData): Promise<InviteState> {
  const actor = await requireActor();
  const partnershipId = text(formData, 'partnershipId');
  try {
    const issued = await inviteMember(getDb(), {
      actor,
      partnershipId,
      origin: publicOrigin(await headers()),
      input: { email: text(formData, 'email'), name: text(formData, 'name'), roles: rolesOf(formData) },
    });
    revalidatePath(membersPath(partnershipId));
    const { id, email, expiresAt } = issued.invitation;
    return { error: null, fields: {}, issued: { id, email, expiresAt, link: issued.link, emailed: issued.emailed } };
  } catch (error) {
    return { ...refusal(error), issued: null };
  }
}

/** Revokes a pending invitation. */
export async function revokeInvitationAction(_prev: RowActionState, formData: FormData): Promise<RowActionState> {
  const actor = await requireActor();
  try {
    await revokeInvitation(getDb(), { actor, invitationId: text(formData, 'invitationId') });
    revalidatePath(membersPath(text(formData, 'partnershipId')));
    return { error: null, fields: {}, done: true };
  } catch (error) {
    return { ...refusal(error), done: false };
  }
}

/** Issues a new link for a pending invitation. */
export async function renewInvitationAction(_prev: RenewState, formData: FormData): Promise<RenewState> {
  const actor = await requireActor();
  try {
    const issued = await renewInvitation(getDb(), { actor, invitationId: text(formData, 'invitationId'), origin: publicOrigin(await headers()) });
    revalidatePath(membersPath(text(formData, 'partnershipId')));
    const { id, email, expiresAt } = issued.invitation;
    return { error: null, fields: {}, issued: { id, email, expiresAt, link: issued.link, emailed: issued.emailed } };
  } catch (error) {
    return { ...refusal(error), issued: null };
  }
}

/** Replaces a member's roles. */
export async function changeMemberRolesAction(_prev: RowActionState, formData: FormData): Promise<RowActionState> {
  const actor = await requireActor();
  const partnershipId = text(formData, 'partnershipId');
  try {
    await changeMemberRoles(getDb(), { actor, partnershipId, userId: text(formData, 'userId'), input: { roles: rolesOf(formData) } });
    revalidatePath(membersPath(partnershipId));
    return { error: null, fields: {}, done: true };
  } catch (error) {
    return { ...refusal(error), done: false };
  }
}

/** Removes a member from the partnership. */
export async function removeMemberAction(_prev: RowActionState, formData: FormData): Promise<RowActionState> {
  const actor = await requireActor();
  const partnershipId = text(formData, 'partnershipId');
  try {
    await removeMember(getDb(), { actor, partnershipId, userId: text(formData, 'userId') });
    revalidatePath(membersPath(partnershipId));
    return { error: null, fields: {}, done: true };
  } catch (error) {
    return { ...refusal(error), done: false };
  }
}
