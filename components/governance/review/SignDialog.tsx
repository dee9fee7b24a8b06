'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/plan/editor/ConfirmDialog';
import type { SignatureLineView } from '@/lib/presenters/governance';
import { signReview } from './api';
import { useGovernanceAction } from './useGovernanceAction';

/**
 * Signing one line: the signer gives their password again, and signs the frozen snapshot named by
 * its hash. A wrong password keeps the dialog open with the server's message; someone who signs in
 * through their school's single sign-on is sent to sign in again instead.
 */
export function SignDialog({
  reviewId,
  line,
  snapshotHash,
  onDone,
  onClose,
}: {
  reviewId: string;
  line: SignatureLineView;
  snapshotHash: string | null;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const action = useGovernanceAction();
  const fieldId = `sign-${line.id}-password`;
  const reauthenticate = action.failure?.code === 'reauthentication_required';
  // A wrong password (or none) marks the field; the message itself is the dialog's alert.
  const passwordRefused = (action.failure?.status === 401 && !reauthenticate) || Boolean(action.failure?.fields.password);
  // The page itself, so signing in again comes straight back here.
  const signInAgain = typeof window === 'undefined' ? '/api/auth/signin' : `/api/auth/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`;

  return (
    <ConfirmDialog
      title={`Sign as ${line.roleLabel}, ${line.schoolName}`}
      confirmLabel="Sign"
      save={action}
      onClose={onClose}
      onConfirm={() => {
        if (!reauthenticate && password === '') {
          action.reject({ password: 'Enter your password to sign.' }, 'Enter your password to sign.');
          return;
        }
        void action.run(
          () => signReview(reviewId, { lineId: line.id, password }),
          () => onDone(`Signed as ${line.roleLabel}, ${line.schoolName}.`),
        );
      }}
    >
      <p>
        You are signing the plan exactly as it stood when this review started
        {snapshotHash ? (
          <>
            : the snapshot with the fingerprint (SHA-256) <code className="snapshot-hash">{snapshotHash}</code>
          </>
        ) : null}
        . Later changes to the plan do not change what you sign. A signature cannot be edited or deleted afterwards; you
        can only withdraw it, with a reason.
      </p>
      {reauthenticate ? (
        <p className="sign-dialog__reauth">
          <a href={signInAgain}>Sign in again to sign</a>
        </p>
      ) : (
        <div className="field">
          <label htmlFor={fieldId} className="field__label">
            Re-enter your password to sign
          </label>
          <input
            id={fieldId}
            className="field__input"
            type="password"
            autoComplete="current-password"
            value={password}
            required
            aria-invalid={passwordRefused ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      )}
    </ConfirmDialog>
  );
}
