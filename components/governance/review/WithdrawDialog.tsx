'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/plan/editor/ConfirmDialog';
import { TextField } from '@/components/plan/editor/fields';
import type { SignatureLineView } from '@/lib/presenters/governance';
import { GOVERNANCE_LIMITS } from '@/lib/validation/governance';
import { withdrawSignature } from './api';
import { fieldError, useGovernanceAction } from './useGovernanceAction';

/** Withdrawing one's own signature: a new, dated record with a reason; the review opens again. */
export function WithdrawDialog({
  reviewId,
  line,
  onDone,
  onClose,
}: {
  reviewId: string;
  line: SignatureLineView;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const action = useGovernanceAction();
  const signature = line.signature;
  if (!signature) return null;
  return (
    <ConfirmDialog
      title="Withdraw your signature?"
      confirmLabel="Withdraw signature"
      save={action}
      onClose={onClose}
      onConfirm={() => {
        if (reason.trim() === '') return action.reject({ reason: 'Give a reason for withdrawing your signature.' });
        void action.run(
          () => withdrawSignature(reviewId, { signatureId: signature.id, reason: reason.trim() }),
          () => onDone(`Signature withdrawn (${line.roleLabel}, ${line.schoolName}). The review is open for signatures again.`),
        );
      }}
    >
      <p>
        Your signature stays on record with the time you gave it; the withdrawal is added beside it, dated, with your
        reason. The review needs this line signed again before it is complete.
      </p>
      <TextField
        id={`withdraw-${line.id}-reason`}
        label="Reason for withdrawing"
        value={reason}
        onChange={setReason}
        multiline
        required
        maxLength={GOVERNANCE_LIMITS.reason}
        error={fieldError(action.failure, 'reason')}
      />
    </ConfirmDialog>
  );
}
