'use client';

import { useState } from 'react';
import type { ActionView } from '@/lib/presenters/types';
import { FieldPresenceMarkers } from '@/components/realtime/Presence';
import { ActionItem } from '../parts/ActionItem';
import { deleteAction } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ControlButton } from './ControlButton';
import { usePlanEditor } from './context';
import { HistoryButton } from './HistoryButton';
import { useSave } from './useSave';

/** Element ids of an action's controls. */
export const actionIds = (actionId: string) => ({
  edit: `action-${actionId}-edit`,
  remove: `action-${actionId}-delete`,
  history: `action-${actionId}-history`,
});

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * One action in a strand's "Specific actions" cell, as the document shows it, with Edit, Delete
 * and History for whoever may use them. The edit form itself opens under the strand's row.
 */
export function ActionEditor({
  strandId,
  action,
  formId,
  formOpen,
  onEdit,
  focusAfterDelete,
}: {
  strandId: string;
  action: ActionView;
  formId: string;
  formOpen: boolean;
  onEdit: () => void;
  /** Where focus goes once this action is gone, best first. */
  focusAfterDelete: string[];
}) {
  const { permissions, schoolNames, requestFocus } = usePlanEditor();
  const [deleting, setDeleting] = useState(false);
  const remove = useSave();
  const rights = permissions.actions[action.id] ?? { update: false, delete: false };
  const ids = actionIds(action.id);
  const name = `action “${short(action.text)}”`;

  return (
    <ActionItem action={action} schoolNames={schoolNames}>
      <FieldPresenceMarkers strandId={strandId} field={`action:${action.id}`} />
      {rights.update || rights.delete || permissions.readHistory ? (
        <div className="editor-controls no-print">
          {rights.update ? <ControlButton id={ids.edit} label="Edit" hidden={name} opens={{ formId, open: formOpen }} onClick={onEdit} /> : null}
          {rights.delete ? <ControlButton id={ids.remove} label="Delete" hidden={name} onClick={() => setDeleting(true)} /> : null}
          <HistoryButton id={ids.history} scope={{ entityType: 'action', entityId: action.id }} what={name} />
        </div>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete this action?"
          confirmLabel="Delete action"
          save={remove}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            void remove.run(() => deleteAction(action.id, action.version), {
              success: 'Action deleted.',
              onSuccess: () => {
                setDeleting(false);
                requestFocus(...focusAfterDelete);
              },
            })
          }
        >
          <p>“{action.text}”</p>
          <p>The deletion is kept in the plan’s history, with the action as it was.</p>
        </ConfirmDialog>
      ) : null}
    </ActionItem>
  );
}
