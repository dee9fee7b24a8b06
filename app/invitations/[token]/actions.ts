'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import type { AcceptState } from '@/components/members/member-state';
import { getDb } from '@/db/client';
import { signIn } from '@/lib/auth/config';
import { clientIp, userAgent } from '@/lib/auth/request-info';
import { currentActor } from '@/lib/auth/session';
import { type AcceptInvitationResult, acceptInvitation } from '@/lib/commands/accept-invitation';
import { AppError } from '@/lib/errors';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
};

/** The refusal as the form shows it; anything but an AppError is rethrown. */
function refusal(error: unknown): AcceptState {
  if (!(error instanceof AppError)) throw error;
  const given = error.details?.fields;
  const fields: { [field: string]: string } = {};
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    for (const [field, message] of Object.entries(given)) if (typeof message === 'string') fields[field] = message;
  }
  return { error: Object.values(fields)[0] ?? error.message, fields, joined: null };
}

/**
 * Accepts an invitation. A new person is then signed in with the password they just chose and
 * lands on their plans; a person who already had an account is told to sign in as usual.
 */
export async function acceptInvitationAction(_prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const h = await headers();
  const password = text(formData, 'password');
  const result: AcceptInvitationResult | AcceptState = await acceptInvitation(getDb(), {
    token: text(formData, 'token'),
    input: { name: text(formData, 'name'), password, confirmPassword: text(formData, 'confirmPassword') },
    request: { ip: clientIp(h), userAgent: userAgent(h) },
  }).catch(refusal);
  if (!('userId' in result)) return result;

  const { partnershipName } = result;
  const signInHref = `/sign-in?email=${encodeURIComponent(result.email)}`;
  if (!result.createdAccount) {
    const actor = await currentActor();
    return { error: null, fields: {}, joined: { partnershipName, email: result.email, signInHref: actor?.id === result.userId ? '/' : signInHref } };
  }
  try {
    // Throws Next's redirect on success: that is how the person reaches their plans.
    await signIn('credentials', { email: result.email, password, redirectTo: '/' });
  } catch (error) {
    if (error instanceof AuthError) {
      return { error: null, fields: {}, joined: { partnershipName, email: result.email, signInHref } };
    }
    throw error;
  }
  return { error: null, fields: {}, joined: { partnershipName, email: result.email, signInHref } };
}
