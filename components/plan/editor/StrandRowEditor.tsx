'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { EmptyValue } from '@/components/ui/EmptyValue';
import { RichText } from '@/components/ui/RichText';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import type { StrandView } from '@/lib/presenters/types';
import { ActionEditor, actionIds } from './ActionEditor';
import { ActionForm } from './ActionForm';
import { deleteStrand, updateStrand } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { usePlanEditor } from './context';
import { byPosition, linksLabel } from './DocumentParts';
import { HistoryButton } from './HistoryButton';
import { ImpactEditor, impactIds } from './ImpactEditor';
import { ImpactForm } from './ImpactForm';
import { richFieldLabel, StrandFieldsForm, StrandRichTextForm, type StrandRichField } from './StrandForms';
import { useSave } from './useSave';

/** The forms a strand can have open at once, each under the strand's row. */
type FormKey =
  | { kind: 'fields' }
  | { kind: 'rich'; field: StrandRichField }
  | { kind: 'action'; actionId: string | null }
  | { kind: 'impact'; entryId: string | null };

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
  const { permissions, requestFocus } = usePlanEditor();
  const [openForms, setOpenForms] = useState<FormKey[]>([]);
  const [removing, setRemoving] = useState(false);
  const move = useSave();
  const remove = useSave();
  const rights = permissions.strands[strand.id] ?? { update: false, createAction: false };
  const ids = strandIds(strand.id);
  const links = linksLabel(strand.objectiveNumbers);
  const actions = byPosition(strand.actions);
  const isOpen = (form: FormKey) => openForms.some((f) => keyOf(f) === keyOf(form));

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
  const controlButton = (props: {
    id: string;
    label: string;
    /** Read after the label by screen readers, naming the strand. */
    hidden: string;
    onClick: () => void;
    disabled?: boolean;
    testId?: string;
    expanded?: boolean;
    controls?: string;
  }) => (
    <Button
      id={props.id}
      variant="quiet"
      size="small"
      className="editor-controls__button"
      disabled={props.disabled}
      data-testid={props.testId}
      aria-expanded={props.expanded}
      aria-controls={props.controls}
      onClick={props.onClick}
    >
      {props.label}
      <VisuallyHidden> {props.hidden}</VisuallyHidden>
    </Button>
  );

  const richCell = (field: StrandRichField) => {
    const form: FormKey = { kind: 'rich', field };
    return (
      <>
        <RichText html={strand[field]} />
        {rights.update ? (
          <div className="editor-controls no-print">
            <Button
              id={ids.editRich(field)}
              variant="quiet"
              size="small"
              className="editor-controls__button"
              aria-expanded={isOpen(form)}
              aria-controls={isOpen(form) ? ids.form(form) : undefined}
              onClick={() => open(form)}
            >
              Edit<VisuallyHidden> {`${richFieldLabel[field].toLowerCase()} of strand “${strand.title}”`}</VisuallyHidden>
            </Button>
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
      <tr id={ids.row} className="strand-row" data-testid="strand-row">
        <th scope="row" className="strand-ref">
          <span className="strand-ref__title">{strand.title}</span>
          {strand.subtitle ? <span className="strand-ref__subtitle">{strand.subtitle}</span> : null}
          {links ? <span className="strand-ref__links">{links}</span> : null}
          {strand.lead ? <span className="strand-ref__lead">Lead: {strand.lead.name}</span> : null}
          {rights.update || permissions.update || permissions.readHistory ? (
            <div className="editor-controls editor-controls--stacked no-print">
              {rights.update
                ? controlButton({
                    id: ids.edit,
                    label: 'Edit strand',
                    hidden: `“${strand.title}”`,
                    testId: 'edit-strand',
                    onClick: () => open(fieldsForm),
                    expanded: isOpen(fieldsForm),
                    controls: isOpen(fieldsForm) ? ids.form(fieldsForm) : undefined,
                  })
                : null}
              {permissions.update ? (
                <>
                  {controlButton({ id: ids.up, label: 'Move up', hidden: named, disabled: !previous, onClick: () => previous && moveTo(previous, 'up') })}
                  {controlButton({ id: ids.down, label: 'Move down', hidden: named, disabled: !next, onClick: () => next && moveTo(next, 'down') })}
                  {controlButton({ id: ids.remove, label: 'Remove', hidden: named, onClick: () => setRemoving(true) })}
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
              busy={remove.busy}
              error={remove.failure?.message ?? null}
              onCancel={() => {
                remove.clearFailure();
                setRemoving(false);
              }}
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
        </th>
        <td className="strand-key">{richCell('keyObjective')}</td>
        <td className="strand-actions">
          {actions.length > 0 ? (
            <ul className="action-list">
              {actions.map((action, index) => {
                const form: FormKey = { kind: 'action', actionId: action.id };
                const neighbour = actions[index + 1] ?? actions[index - 1];
                return (
                  <ActionEditor
                    key={action.id}
                    action={action}
                    formId={ids.form(form)}
                    formOpen={isOpen(form)}
                    onEdit={() => open(form)}
                    focusAfterDelete={[...(neighbour ? [actionIds(neighbour.id).edit] : []), ids.addAction, ids.edit, ids.history]}
                  />
                );
              })}
            </ul>
          ) : (
            <EmptyValue />
          )}
          {rights.createAction ? (
            <div className="editor-controls no-print">
              {controlButton({
                id: ids.addAction,
                label: 'Add action',
                hidden: `to ${named}`,
                testId: 'add-action',
                onClick: () => open(newAction),
                expanded: isOpen(newAction),
                controls: isOpen(newAction) ? ids.form(newAction) : undefined,
              })}
            </div>
          ) : null}
        </td>
        <td className="strand-intended">{richCell('intendedImpact')}</td>
        <td className="strand-impact">
          {strand.impact.length > 0 ? (
            <ul className="impact-list">
              {strand.impact.map((entry) => {
                const form: FormKey = { kind: 'impact', entryId: entry.id };
                return (
                  <ImpactEditor
                    key={entry.id}
                    entry={entry}
                    formId={ids.form(form)}
                    formOpen={isOpen(form)}
                    onEdit={() => open(form)}
                    focusAfterWithdraw={[impactIds(entry.id).edit, ids.addImpact, ids.edit, ids.history]}
                  />
                );
              })}
            </ul>
          ) : (
            <EmptyValue />
          )}
          {permissions.createImpact ? (
            <div className="editor-controls no-print">
              {controlButton({
                id: ids.addImpact,
                label: 'Add impact',
                hidden: `to ${named}`,
                testId: 'add-impact',
                onClick: () => open(newImpact),
                expanded: isOpen(newImpact),
                controls: isOpen(newImpact) ? ids.form(newImpact) : undefined,
              })}
            </div>
          ) : null}
        </td>
      </tr>
      {openForms.length > 0 ? (
        <tr className="strand-editor-row no-print">
          <td colSpan={5}>
            {openForms.map((form) => {
              const formId = ids.form(form);
              switch (form.kind) {
                case 'fields':
                  return <StrandFieldsForm key={formId} strand={strand} formId={formId} onClose={() => close(form, ids.edit)} />;
                case 'rich':
                  return (
                    <StrandRichTextForm
                      key={formId}
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
                      key={formId}
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
                      key={formId}
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
            })}
          </td>
        </tr>
      ) : null}
    </>
  );
}
