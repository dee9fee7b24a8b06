'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import type { SignInState } from '@/components/auth/sign-in-state';
import { signIn } from '@/lib/auth/config';

/** Only same-site paths are followed after sign-in. */
function safeRedirect(value: FormDataEntryValue | null): string {
  const path = typeof value === 'string' ? value : '';
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}

/** Signs in with email and password; returns a message the form shows when that fails. */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get('email') ?? '').slice(0, 254);
  try {
    await signIn('credentials', {
      email,
      password: String(formData.get('password') ?? ''),
      redirectTo: safeRedirect(formData.get('callbackUrl')),
    });
    return { error: null, email };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return {
        error:
          error.code === 'rate_limited'
            ? 'Too many attempts to sign in. Wait 15 minutes and try again, or ask your partnership admin for help.'
            : 'That email address and password do not match. Check them and try again.',
        email,
      };
    }
    if (error instanceof AuthError) return { error: 'Signing in did not work. Please try again.', email };
    throw error; // the redirect after a successful sign-in
  }
}
