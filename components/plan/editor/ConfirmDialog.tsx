'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';

/** The part of a `useSave()` a dialog needs: whether it is busy, and the server's refusal. */
type DialogSave = { busy: boolean; failure: { message: string } | null; clearFailure: () => void };

/**
 * A modal <dialog> asking to confirm a removal, an archive or a withdrawal. Opens as soon as it
 * is rendered; focus goes to Cancel (or to the first field of `children`) and back to whatever had
 * it when the dialog closes. Escape cancels unless a request is on its way.
 * `save` is the write that Confirm runs: its failure is shown (and announced) inside the dialog,
 * and forgotten when the dialog is cancelled.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  save,
  onConfirm,
  onClose,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  save: DialogSave;
  onConfirm: () => void;
  /** Closes the dialog on Cancel or Escape (the failure is cleared first). */
  onClose: () => void;
}) {
  const { busy } = save;
  const error = save.failure?.message ?? null;
  const onCancel = () => {
    save.clearFailure();
    onClose();
  };
  const ref = useRef<HTMLDialogElement>(null);
  const baseId = useId();
  const titleId = `${baseId}-title`;
  const alertId = `${baseId}-alert`;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('input, textarea, select, [data-initial-focus]')?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      // When the opener went with the removed item, the editor's own focus request takes over.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        className="confirm-dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <h2 id={titleId} className="confirm-dialog__title">
          {title}
        </h2>
        {children}
        <FormAlert id={alertId} message={error} />
        <div className="form__actions">
          <Button type="submit" disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </Button>
          <Button variant="secondary" onClick={onCancel} disabled={busy} data-initial-focus>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
