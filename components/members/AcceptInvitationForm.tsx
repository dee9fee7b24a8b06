'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/Button';
import { MEMBER_LIMITS } from '@/lib/validation/members';
import { InlineAlert } from './InlineAlert';
import { type AcceptState, initialAcceptState } from './member-state';
import { useFormAction } from './use-form-action';

/**
 * Accepting an invitation: a new person chooses their name and a password (twice); someone who
 * already has an account for the email just confirms.
 */
export function AcceptInvitationForm({
  token,
  email,
  name,
  partnershipName,
  hasAccount,
  action,
}: {
  token: string;
  email: string;
  name: string;
  partnershipName: string;
  hasAccount: boolean;
  action: (prev: AcceptState, formData: FormData) => Promise<AcceptState>;
}) {
  const [state, onSubmit, pending] = useFormAction(action, initialAcceptState);
  const { fields } = state;

  if (state.joined) {
    return (
      <div role="status" className="form">
        <p>
          <strong>You have joined {state.joined.partnershipName}.</strong>
        </p>
        <p>
          <Link className="button" href={state.joined.signInHref}>
            {state.joined.signInHref === '/' ? 'Go to your plans' : `Sign in as ${state.joined.email}`}
          </Link>
        </p>
      </div>
    );
  }

  const describedBy = (field: string, hint?: string) => [hint, fields[field] ? `accept-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: string) =>
    fields[field] ? (
      <p id={`accept-${field}-error`} className="field__hint">
        <strong>{fields[field]}</strong>
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <InlineAlert id="accept-error" message={state.error} />
      <input type="hidden" name="token" value={token} />
      {hasAccount ? (
        <p>
          You already have a jointplan account for <strong>{email}</strong>. Joining adds these roles to it; your password
          stays the same.
        </p>
      ) : (
        <>
          <p>
            Your account will be <strong>{email}</strong>. Choose a password to sign in with.
          </p>
          {/* Lets password managers save the new password against the right account. */}
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <div className="field">
            <label htmlFor="accept-name" className="field__label">
              Your name
            </label>
            <input
              id="accept-name"
              name="name"
              type="text"
              autoComplete="name"
              required
              maxLength={MEMBER_LIMITS.name}
              defaultValue={name}
              className="field__input"
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={describedBy('name')}
            />
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor="accept-password" className="field__label">
              Password
            </label>
            <p id="accept-password-hint" className="field__hint">
              At least {MEMBER_LIMITS.minPassword} characters. A short sentence is easy to remember and hard to guess.
            </p>
            <input
              id="accept-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={MEMBER_LIMITS.minPassword}
              maxLength={MEMBER_LIMITS.maxPassword}
              className="field__input"
              aria-invalid={fields.password ? true : undefined}
              aria-describedby={describedBy('password', 'accept-password-hint')}
            />
            {fieldError('password')}
          </div>
          <div className="field">
            <label htmlFor="accept-confirm" className="field__label">
              Type the password again
            </label>
            <input
              id="accept-confirm"
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              required
              maxLength={MEMBER_LIMITS.maxPassword}
              className="field__input"
              aria-invalid={fields.confirmPassword ? true : undefined}
              aria-describedby={describedBy('confirmPassword')}
            />
            {fieldError('confirmPassword')}
          </div>
        </>
      )}
      <div className="form__actions">
        <Button type="submit" disabled={pending}>
          {pending ? 'Joining…' : hasAccount ? `Join ${partnershipName}` : 'Create account and join'}
        </Button>
      </div>
    </form>
  );
}
