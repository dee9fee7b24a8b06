'use client';

import { useState } from 'react';
import { FieldPresenceMarkers, PresenceScope, StrandPresenceMarkers } from '@/components/realtime/Presence';
import type { StrandView } from '@/lib/presenters/types';
import { StrandRow, type StrandRichField } from '../parts/StrandRow';
import { ActionEditor, actionIds } from './ActionEditor';
import { ActionForm } from './ActionForm';
import { deleteStrand, updateStrand } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ControlButton } from './ControlButton';
import { usePlanEditor } from './context';
import { HistoryButton } from './HistoryButton';
import { ImpactEditor, impactIds } from './ImpactEditor';
import { ImpactForm } from './ImpactForm';
import { richFieldLabel, StrandFieldsForm, StrandRichTextForm } from './StrandForms';
import { useSave } from './useSave';

/** The forms a strand can have open at once, each under the strand's row. */
type FormKey =
  | { kind: 'fields' }
  | { kind: 'rich'; field: StrandRichField }
  | { kind: 'action'; actionId: string | null }
  | { kind: 'impact'; entryId: string | null };

/** The presence field a form stands for (docs/realtime.md: `title`, `keyObjective`, `action:<id>`…). */
const presenceField = (form: FormKey): string => {
  switch (form.kind) {
    case 'fields':
      return 'title';
    case 'rich':
      return form.field;
    case 'action':
      return `action:${form.actionId ?? 'new'}`;
    case 'impact':
      return `impact:${form.entryId ?? 'new'}`;
  }
};

const keyOf = (form: FormKey): string => {
  switch (form.kind) {
    case 'fields':
      return 'fields';
    case 'rich':
      return form.field;
    case 'action':
      return `action-${form.actionId ?? 'new'}`;
    case 'impact':
      return `impact-${form.entryId ?? 'new'}`;
  }
};

/** Element ids of a strand's controls. */
export const strandIds = (strandId: string) => ({
  row: `strand-${strandId}`,
  edit: `strand-${strandId}-edit`,
  up: `strand-${strandId}-up`,
  down: `strand-${strandId}-down`,
  remove: `strand-${strandId}-remove`,
  history: `strand-${strandId}-history`,
  addAction: `strand-${strandId}-add-action`,
  addImpact: `strand-${strandId}-add-impact`,
  editRich: (field: StrandRichField) => `strand-${strandId}-edit-${field}`,
  form: (form: FormKey) => `strand-${strandId}-form-${keyOf(form)}`,
});

/**
 * One strand of the plan table, as the document shows it, with in-place editing for whoever may
 * edit it. Forms open in a full-width row under the strand, so the five columns keep their widths.
 */
export function StrandRowEditor({
  strand,
  previous,
  next,
  fallbackFocusIds,
}: {
  strand: StrandView;
  previous: StrandView | null;
  next: StrandView | null;
  /** Where focus goes when this strand is removed and has no neighbour, best first. */
  fallbackFocusIds: string[];
}) {
  const { permissions, schoolNames, requestFocus } = usePlanEditor();
  const [openForms, setOpenForms] = useState<FormKey[]>([]);
  const [removing, setRemoving] = useState(false);
  const move = useSave();
  const remove = useSave();
  const rights = permissions.strands[strand.id] ?? { update: false, createAction: false };
  const ids = strandIds(strand.id);
  const isOpen = (form: FormKey) => openForms.some((f) => keyOf(f) === keyOf(form));
  /** What an opening button needs: the form's id and whether it is open. */
  const opens = (form: FormKey) => ({ formId: ids.form(form), open: isOpen(form) });

  function open(form: FormKey) {
    if (isOpen(form)) {
      requestFocus(`${ids.form(form)}-heading`);
      return;
    }
    setOpenForms((forms) => [...forms, form]);
  }

  function close(form: FormKey, ...focusIds: string[]) {
    setOpenForms((forms) => forms.filter((f) => keyOf(f) !== keyOf(form)));
    requestFocus(...focusIds, ids.edit, ids.history, ids.row);
  }

  function moveTo(target: StrandView, direction: 'up' | 'down') {
    if (move.busy) return;
    const pressed = direction === 'up' ? ids.up : ids.down;
    const other = direction === 'up' ? ids.down : ids.up;
    void move.run(() => updateStrand(strand.id, { version: strand.version, position: target.position }), {
      success: `Strand “${strand.title}” moved ${direction}.`,
      onSuccess: () => requestFocus(pressed, other, ids.edit),
    });
  }

  const named = `strand “${strand.title}”`;

  const richTextControls = (field: StrandRichField) => {
    const form: FormKey = { kind: 'rich', field };
    return (
      <>
        <FieldPresenceMarkers strandId={strand.id} field={field} />
        {rights.update ? (
          <div className="editor-controls no-print">
            <ControlButton
              id={ids.editRich(field)}
              label="Edit"
              hidden={`${richFieldLabel[field].toLowerCase()} of strand “${strand.title}”`}
              opens={opens(form)}
              onClick={() => open(form)}
            />
          </div>
        ) : null}
      </>
    );
  };

  const fieldsForm: FormKey = { kind: 'fields' };
  const newAction: FormKey = { kind: 'action', actionId: null };
  const newImpact: FormKey = { kind: 'impact', entryId: null };

  return (
    <>
      <StrandRow
        strand={strand}
        schoolNames={schoolNames}
        referenceControls={
          <>
            <StrandPresenceMarkers strandId={strand.id} />
            {rights.update || permissions.update || permissions.readHistory ? (
              <div className="editor-controls editor-controls--stacked no-print">
                {rights.update ? (
                  <ControlButton
                    id={ids.edit}
                    label="Edit strand"
                    hidden={`“${strand.title}”`}
                    testId="edit-strand"
                    opens={opens(fieldsForm)}
                    onClick={() => open(fieldsForm)}
                  />
                ) : null}
                {permissions.update ? (
                  <>
                    <ControlButton id={ids.up} label="Move up" hidden={named} disabled={!previous} onClick={() => previous && moveTo(previous, 'up')} />
                    <ControlButton id={ids.down} label="Move down" hidden={named} disabled={!next} onClick={() => next && moveTo(next, 'down')} />
                    <ControlButton id={ids.remove} label="Remove" hidden={named} onClick={() => setRemoving(true)} />
                  </>
                ) : null}
                <HistoryButton id={ids.history} scope={{ entityType: 'strand', entityId: strand.id }} what={named} />
              </div>
            ) : null}
            {move.failure ? (
              <p className="field__error" role="alert">
                {move.failure.message}
              </p>
            ) : null}
            {removing ? (
              <ConfirmDialog
                title={`Remove the strand “${strand.title}”?`}
                confirmLabel="Remove strand"
                save={remove}
                onClose={() => setRemoving(false)}
                onConfirm={() =>
                  void remove.run(() => deleteStrand(strand.id, strand.version), {
                    success: `Strand “${strand.title}” removed.`,
                    onSuccess: () => {
                      setRemoving(false);
                      const neighbour = next ?? previous;
                      requestFocus(...(neighbour ? [strandIds(neighbour.id).edit] : []), ...fallbackFocusIds);
                    },
                  })
                }
              >
                <p>
                  The whole row goes from the plan: its key objective, {strand.actions.length} action
                  {strand.actions.length === 1 ? '' : 's'}, intended impact and impact to date. The removal is kept in the plan’s
                  history.
                </p>
              </ConfirmDialog>
            ) : null}
          </>
        }
        richTextControls={richTextControls}
        renderAction={(action, index, actions) => {
          const form: FormKey = { kind: 'action', actionId: action.id };
          const neighbour = actions[index + 1] ?? actions[index - 1];
          return (
            <ActionEditor
              strandId={strand.id}
              action={action}
              formId={ids.form(form)}
              formOpen={isOpen(form)}
              onEdit={() => open(form)}
              focusAfterDelete={[...(neighbour ? [actionIds(neighbour.id).edit] : []), ids.addAction, ids.edit, ids.history]}
            />
          );
        }}
        actionsControls={
          rights.createAction ? (
            <div className="editor-controls no-print">
              <ControlButton
                id={ids.addAction}
                label="Add action"
                hidden={`to ${named}`}
                testId="add-action"
                opens={opens(newAction)}
                onClick={() => open(newAction)}
              />
            </div>
          ) : null
        }
        renderImpact={(entry) => {
          const form: FormKey = { kind: 'impact', entryId: entry.id };
          return (
            <ImpactEditor
              strandId={strand.id}
              entry={entry}
              formId={ids.form(form)}
              formOpen={isOpen(form)}
              onEdit={() => open(form)}
              focusAfterWithdraw={[impactIds(entry.id).edit, ids.addImpact, ids.edit, ids.history]}
            />
          );
        }}
        impactControls={
          permissions.createImpact ? (
            <div className="editor-controls no-print">
              <ControlButton
                id={ids.addImpact}
                label="Add impact"
                hidden={`to ${named}`}
                testId="add-impact"
                opens={opens(newImpact)}
                onClick={() => open(newImpact)}
              />
            </div>
          ) : null
        }
      />
      {openForms.length > 0 ? (
        <tr className="strand-editor-row no-print">
          <td colSpan={5}>
            {openForms.map((form) => {
              const formId = ids.form(form);
              const element = renderForm(form, formId);
              return element ? (
                <PresenceScope key={formId} strandId={strand.id} field={presenceField(form)}>
                  {element}
                </PresenceScope>
              ) : null;
            })}
          </td>
        </tr>
      ) : null}
    </>
  );

  /** The open form `form`, or null when what it edits has gone. */
  function renderForm(form: FormKey, formId: string) {
    switch (form.kind) {
      case 'fields':
        return <StrandFieldsForm strand={strand} formId={formId} onClose={() => close(form, ids.edit)} />;
      case 'rich':
        return (
          <StrandRichTextForm
            strand={strand}
            field={form.field}
            formId={formId}
            onClose={() => close(form, ids.editRich(form.field))}
          />
        );
      case 'action': {
        const action = form.actionId ? strand.actions.find((a) => a.id === form.actionId) : null;
        // The action went (someone deleted it) while its form was open: nothing left to edit.
        if (form.actionId && !action) return null;
        return (
          <ActionForm
            strand={strand}
            action={action ?? null}
            formId={formId}
            onClose={(savedId) => {
              const item = savedId ?? form.actionId;
              close(form, ...(item ? [actionIds(item).edit] : []), ids.addAction);
            }}
          />
        );
      }
      case 'impact': {
        const entry = form.entryId ? strand.impact.find((e) => e.id === form.entryId) : null;
        if (form.entryId && !entry) return null;
        return (
          <ImpactForm
            strand={strand}
            entry={entry ?? null}
            formId={formId}
            onClose={(savedId) => {
              const item = savedId ?? form.entryId;
              close(form, ...(item ? [impactIds(item).edit] : []), ids.addImpact);
            }}
          />
        );
      }
    }
  }
}
