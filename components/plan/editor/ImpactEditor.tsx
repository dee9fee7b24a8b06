'use client';

import { useState } from 'react';
import { FieldPresenceMarkers } from '@/components/realtime/Presence';
import type { ImpactView } from '@/lib/presenters/types';
import { LIMITS, updateImpactInput } from '@/lib/validation/plan-content';
import { ImpactEntry } from '../parts/ImpactEntry';
import { updateImpact, type UpdateImpactBody } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ControlButton } from './ControlButton';
import { usePlanEditor } from './context';
import { TextField } from './fields';
import { checkInput, fieldMessage, useSave } from './useSave';

/** Element ids of an impact entry's controls. */
export const impactIds = (entryId: string) => ({
  edit: `impact-${entryId}-edit`,
  withdraw: `impact-${entryId}-withdraw`,
});

/**
 * One "impact to date" entry. A withdrawn entry stays, struck through and marked "(withdrawn)";
 * Edit and Withdraw show for its author and plan editors while it is not withdrawn.
 */
export function ImpactEditor({
  strandId,
  entry,
  formId,
  formOpen,
  onEdit,
  focusAfterWithdraw,
}: {
  strandId: string;
  entry: ImpactView;
  formId: string;
  formOpen: boolean;
  onEdit: () => void;
  focusAfterWithdraw: string[];
}) {
  const { permissions, requestFocus } = usePlanEditor();
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useSave();
  const ids = impactIds(entry.id);
  const canUpdate = !entry.withdrawn && (permissions.impact[entry.id]?.update ?? false);
  const name = `impact entry${entry.dateLabel ? ` of ${entry.dateLabel}` : ''}${entry.author ? ` by ${entry.author}` : ''}`;
  const reasonId = `${ids.withdraw}-reason`;

  function confirmWithdraw() {
    const body: UpdateImpactBody = { version: entry.version, withdrawn: true, withdrawnReason: reason.trim() === '' ? null : reason };
    const invalid = checkInput(updateImpactInput, body);
    if (invalid) return withdraw.reject(invalid);
    void withdraw.run(() => updateImpact(entry.id, body), {
      success: 'Impact entry withdrawn. It stays in the plan, struck through.',
      onSuccess: () => {
        setWithdrawing(false);
        requestFocus(...focusAfterWithdraw);
      },
    });
  }

  return (
    <ImpactEntry entry={entry}>
      <FieldPresenceMarkers strandId={strandId} field={`impact:${entry.id}`} />
      {canUpdate ? (
        <div className="editor-controls no-print">
          <ControlButton id={ids.edit} label="Edit" hidden={name} opens={{ formId, open: formOpen }} onClick={onEdit} />
          <ControlButton id={ids.withdraw} label="Withdraw" hidden={name} onClick={() => setWithdrawing(true)} />
        </div>
      ) : null}
      {withdrawing ? (
        <ConfirmDialog
          title="Withdraw this impact entry?"
          confirmLabel="Withdraw entry"
          save={withdraw}
          onClose={() => setWithdrawing(false)}
          onConfirm={confirmWithdraw}
        >
          <p>
            The entry is not deleted: it stays in the plan struck through and marked “(withdrawn)”, and the history keeps
            who withdrew it and when.
          </p>
          <TextField
            id={reasonId}
            label="Reason"
            value={reason}
            onChange={setReason}
            multiline
            rows={2}
            maxLength={LIMITS.reason}
            error={fieldMessage(withdraw.failure, 'withdrawnReason')}
          />
        </ConfirmDialog>
      ) : null}
    </ImpactEntry>
  );
}
