import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { signIn, ssoProviders } from '@/lib/auth/config';
import { currentActor } from '@/lib/auth/session';
import { demoMode } from '@/lib/env';
import { demoAccounts } from '@/db/seed/seed';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  NoAccount: 'There is no jointplan account for that email address. Ask your partnership admin to invite you.',
  AccessDenied: 'There is no jointplan account for that email address. Ask your partnership admin to invite you.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string; email?: string }> }) {
  if (await currentActor()) redirect('/');
  const { error, callbackUrl, email } = await searchParams;
  const providers = ssoProviders();
  return (
    <div className="page page--narrow">
      <h1>Sign in to jointplan</h1>
      <p className="lead">The Collaboration Action Plan your schools share.</p>
      {error && (
        <p role="alert" className="page-alert">
          {ERRORS[error] ?? 'Signing in did not work. Please try again.'}
        </p>
      )}
      <SignInForm action={signInAction} demoAccounts={demoMode() ? demoAccounts() : null} callbackUrl={callbackUrl ?? '/'} email={email?.slice(0, 254) ?? ''} />
      {providers.length > 0 && (
        <section aria-labelledby="sso-heading" className="sso">
          <h2 id="sso-heading">Or sign in with your school account</h2>
          {providers.map((p) => (
            <form
              key={p.id}
              action={async () => {
                'use server';
                await signIn(p.id, { redirectTo: '/' });
              }}
            >
              <button type="submit" className="button button--secondary">
                Sign in with {p.name}
              </button>
            </form>
          ))}
        </section>
      )}
    </div>
  );
}
