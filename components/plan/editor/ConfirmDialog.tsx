'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';

/**
 * A modal <dialog> asking to confirm a removal, an archive or a withdrawal. Opens as soon as it
 * is rendered; focus goes to Cancel (or to the first field of `children`) and back to whatever had
 * it when the dialog closes. Escape cancels unless a request is on its way.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busy: boolean;
  /** The server's refusal, shown (and announced) inside the dialog. */
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
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
