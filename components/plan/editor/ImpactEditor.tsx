'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import type { ImpactView } from '@/lib/presenters/types';
import { LIMITS, updateImpactInput } from '@/lib/validation/plan-content';
import { updateImpact, type UpdateImpactBody } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { usePlanEditor } from './context';
import { ImpactContent } from './DocumentParts';
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
  entry,
  formId,
  formOpen,
  onEdit,
  focusAfterWithdraw,
}: {
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
    <li className={`impact-entry${entry.withdrawn ? ' impact-entry--withdrawn' : ''}`} data-testid="impact">
      <ImpactContent entry={entry} />
      {canUpdate ? (
        <div className="editor-controls no-print">
          <Button
            id={ids.edit}
            variant="quiet"
            size="small"
            className="editor-controls__button"
            aria-expanded={formOpen}
            aria-controls={formOpen ? formId : undefined}
            onClick={onEdit}
          >
            Edit<VisuallyHidden> {name}</VisuallyHidden>
          </Button>
          <Button id={ids.withdraw} variant="quiet" size="small" className="editor-controls__button" onClick={() => setWithdrawing(true)}>
            Withdraw<VisuallyHidden> {name}</VisuallyHidden>
          </Button>
        </div>
      ) : null}
      {withdrawing ? (
        <ConfirmDialog
          title="Withdraw this impact entry?"
          confirmLabel="Withdraw entry"
          busy={withdraw.busy}
          error={withdraw.failure?.message ?? null}
          onCancel={() => {
            withdraw.clearFailure();
            setWithdrawing(false);
          }}
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
    </li>
  );
}
