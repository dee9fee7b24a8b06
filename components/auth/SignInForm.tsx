'use client';

import { useActionState, useRef } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { initialSignInState, type SignInState } from './sign-in-state';

export type { SignInState } from './sign-in-state';

export type DemoAccount = { email: string; name: string; role: string };

export function SignInForm({
  action,
  demoAccounts,
  callbackUrl = '/',
  email = '',
}: {
  action: (prev: SignInState, formData: FormData) => Promise<SignInState>;
  demoAccounts: DemoAccount[] | null;
  /** Where to go after signing in (the server only follows same-site paths). */
  callbackUrl?: string;
  /** An email to start with (after accepting an invitation with an existing account). */
  email?: string;
}) {
  const [state, formAction, isPending] = useActionState(action, { ...initialSignInState, email });
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const hasError = state.error !== null;

  /** Puts a demo account's email in the field and moves on to the password. */
  function fillEmail(email: string) {
    if (emailRef.current) emailRef.current.value = email;
    passwordRef.current?.focus();
  }

  return (
    <div className="sign-in">
      <form action={formAction} className="form sign-in__form">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <FormAlert id="sign-in-error" message={state.error} />
        <div className="field">
          <label htmlFor="sign-in-email" className="field__label">
            Email address
          </label>
          <input
            ref={emailRef}
            id="sign-in-email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            required
            // React resets the form after each attempt; the action hands the email back.
            defaultValue={state.email}
            className="field__input"
            aria-invalid={hasError || undefined}
            aria-describedby={hasError ? 'sign-in-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password" className="field__label">
            Password
          </label>
          <input
            ref={passwordRef}
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="field__input"
            aria-invalid={hasError || undefined}
            aria-describedby={hasError ? 'sign-in-error' : undefined}
          />
        </div>
        <div className="form__actions">
          <Button type="submit" disabled={isPending}>
            {isPending ? 'Signing in…' : 'Sign in'}
          </Button>
        </div>
      </form>

      {demoAccounts !== null ? (
        <section className="demo-accounts" aria-labelledby="demo-accounts-heading">
          <h2 id="demo-accounts-heading" className="demo-accounts__heading">
            Demo accounts (password jointplan-demo)
          </h2>
          {demoAccounts.length > 0 ? (
            <div className="table-scroll" role="region" tabIndex={0} aria-labelledby="demo-accounts-heading">
              <table className="data-table demo-accounts__table">
                <caption className="visually-hidden">Demo accounts you can sign in with</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Email</th>
                    <th scope="col">
                      <VisuallyHidden>Fill in</VisuallyHidden>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {demoAccounts.map((account) => (
                    <tr key={account.email}>
                      <th scope="row">{account.name}</th>
                      <td>{account.role}</td>
                      <td className="demo-accounts__email">{account.email}</td>
                      <td>
                        <Button variant="secondary" size="small" onClick={() => fillEmail(account.email)}>
                          Use<VisuallyHidden> {account.name}’s email</VisuallyHidden>
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty-state">No demo accounts are set up.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
