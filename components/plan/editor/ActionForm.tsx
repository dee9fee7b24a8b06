'use client';

import { useState } from 'react';
import type { ActionStatus, Rag } from '@/db/schema';
import { actionStatusEnum, ragEnum } from '@/db/schema';
import type { ActionView, StrandView } from '@/lib/presenters/types';
import { createActionInput, LIMITS, updateActionInput } from '@/lib/validation/plan-content';
import { actionStatusLabel, ragLabel } from '../labels';
import { createAction, updateAction, type CreateActionBody, type UpdateActionBody } from './api';
import { usePlanEditor } from './context';
import { actionCurrent } from './current';
import { DueField, dueDraftFrom, dueInputFrom, sameDue } from './DueField';
import { useChangedUnderneath } from './live';
import { CheckboxGroup, ConflictNotice, EditorPanel, FormFooter, SelectField, TextField, type Option } from './fields';
import { alertText, checkInput, fieldMessage, useSave } from './useSave';

const NO_DUE: ActionView['due'] = { kind: 'none', label: null };
/** The owner select's value for "nobody", when the action shows an imported owner's name. */
const CLEAR_OWNER = 'none';
const SHOWN_FIELDS = ['text', 'ownerUserId', 'schoolIds', 'due', 'status', 'rag', 'ragReason'] as const;

const needsReason = (rag: Rag | null) => rag === 'amber' || rag === 'red';
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));

/**
 * Adds an action to a strand (`action` null) or edits one: text, owner, schools, due, status and
 * RAG. Amber or red asks "Why?", which is required and kept.
 */
export function ActionForm({
  strand,
  action,
  formId,
  onClose,
}: {
  strand: StrandView;
  action: ActionView | null;
  formId: string;
  /** `savedId` is the action's id after a save, absent on Cancel. */
  onClose: (savedId?: string) => void;
}) {
  const { plan, people } = usePlanEditor();
  const importedOwner = action && action.owner && !action.ownerId ? action.owner : null;
  const initialSchoolIds = plan.schools.filter((s) => action?.schools.includes(s.shortCode)).map((s) => s.id);
  const initialDue = dueInputFrom(dueDraftFrom(action?.due ?? NO_DUE, plan.academicYear));

  const [openedWith] = useState(action?.version ?? 0);
  const [text, setText] = useState(action?.text ?? '');
  const [owner, setOwner] = useState(action?.ownerId ?? '');
  const [schoolIds, setSchoolIds] = useState<string[]>(initialSchoolIds);
  const [due, setDue] = useState(() => dueDraftFrom(action?.due ?? NO_DUE, plan.academicYear));
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? 'not_started');
  const [rag, setRag] = useState<Rag | null>(action?.rag ?? null);
  const [ragReason, setRagReason] = useState(action?.ragReason ?? '');
  const save = useSave({ current: actionCurrent });
  const live = useChangedUnderneath({
    entityId: action?.id ?? null,
    fresh: action,
    sameShown: (a, b) =>
      a.text === b.text &&
      a.schools.join(',') === b.schools.join(',') &&
      a.due.label === b.due.label &&
      a.status === b.status &&
      a.rag === b.rag &&
      a.ragReason === b.ragReason &&
      a.owner === b.owner &&
      a.ownerId === b.ownerId,
    busy: save.busy,
    what: 'this action',
  });

  const ownerOptions: Option[] = [
    ...(importedOwner
      ? [
          { value: '', label: `${importedOwner} (as written in the document)` },
          { value: CLEAR_OWNER, label: 'No owner' },
        ]
      : [{ value: '', label: 'No owner' }]),
    ...people.map((person) => ({ value: person.id, label: person.name })),
  ];
  // A departed owner still shows by name until someone changes it.
  if (action?.ownerId && !people.some((p) => p.id === action.ownerId)) {
    ownerOptions.push({ value: action.ownerId, label: action.owner ?? 'Current owner' });
  }
  const ownerUserId = owner === '' || owner === CLEAR_OWNER ? null : owner;

  function submit() {
    const reasonNeeded = needsReason(rag);
    if (reasonNeeded && ragReason.trim() === '') {
      return save.reject({ ragReason: `Say why this action is ${rag === 'red' ? 'red' : 'amber'}.` });
    }
    const dueInput = dueInputFrom(due);

    if (!action) {
      const body: CreateActionBody = { text, status };
      if (ownerUserId) body.ownerUserId = ownerUserId;
      if (schoolIds.length > 0) body.schoolIds = schoolIds;
      if (dueInput.kind !== 'none') body.due = dueInput;
      if (rag) {
        body.rag = rag;
        if (reasonNeeded) body.ragReason = ragReason;
      }
      const invalid = checkInput(createActionInput, body);
      if (invalid) return save.reject(invalid);
      void save.run(() => createAction(strand.id, body), {
        success: 'Action added.',
        onSuccess: (data) => onClose(data.action.id),
      });
      return;
    }

    // Only what changed is sent, so an imported due label or owner name is kept unless edited.
    const body: UpdateActionBody = { version: live.version(save.versionFrom(openedWith)) };
    if (text.trim() !== action.text) body.text = text;
    if (owner !== (action.ownerId ?? '')) body.ownerUserId = ownerUserId;
    if (!sameSet(schoolIds, initialSchoolIds)) body.schoolIds = schoolIds;
    if (!sameDue(dueInput, initialDue)) body.due = dueInput;
    if (status !== action.status) body.status = status;
    const reasonChanged = reasonNeeded && ragReason.trim() !== (action.ragReason ?? '');
    if (rag !== action.rag || reasonChanged) {
      body.rag = rag;
      // A green or cleared rating drops the old reason, so it is not printed beside the new rating.
      body.ragReason = reasonNeeded ? ragReason : null;
    }
    if (Object.keys(body).length === 1 && !save.failure?.current && !live.theirs) return onClose();
    const invalid = checkInput(updateActionInput, body);
    if (invalid) return save.reject(invalid);
    void save.run(() => updateAction(action.id, body), { success: 'Action saved.', onSuccess: () => onClose(action.id) });
  }

  const current = save.failure?.current ?? live.theirs;
  const reasonId = `${formId}-rag-reason`;
  return (
    <EditorPanel id={formId} title={action ? `Edit action in ${strand.title}` : `New action in ${strand.title}`} onSubmit={submit}>
      {current ? (
        <ConflictNotice by={save.failure?.current ? null : live.by}>
          <p>{current.text}</p>
          <p className="conflict-notice__meta">
            {[
              current.due.label ? `Due: ${current.due.label}` : null,
              current.schools.length ? `Schools: ${current.schools.join(', ')}` : null,
              `Status: ${actionStatusLabel[current.status]}`,
              current.rag ? `RAG: ${ragLabel[current.rag]}${current.ragReason ? ` (${current.ragReason})` : ''}` : null,
              current.owner ? `Owner: ${current.owner}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </ConflictNotice>
      ) : null}
      <TextField
        id={`${formId}-text`}
        label="Action"
        value={text}
        onChange={setText}
        multiline
        rows={3}
        required
        maxLength={LIMITS.actionText}
        error={fieldMessage(save.failure, 'text')}
      />
      <div className="editor-panel__columns">
        <SelectField
          id={`${formId}-owner`}
          label="Owner"
          value={owner}
          onChange={setOwner}
          options={ownerOptions}
          error={fieldMessage(save.failure, 'ownerUserId')}
        />
        <SelectField
          id={`${formId}-status`}
          label="Status"
          value={status}
          onChange={(value) => setStatus(actionStatusEnum.enumValues.find((s) => s === value) ?? status)}
          options={actionStatusEnum.enumValues.map((s) => ({ value: s, label: actionStatusLabel[s] }))}
          error={fieldMessage(save.failure, 'status')}
        />
        <SelectField
          id={`${formId}-rag`}
          label="RAG rating"
          value={rag ?? ''}
          onChange={(value) => setRag(ragEnum.enumValues.find((r) => r === value) ?? null)}
          options={[{ value: '', label: 'Not rated' }, ...ragEnum.enumValues.map((r) => ({ value: r, label: ragLabel[r] }))]}
          error={fieldMessage(save.failure, 'rag')}
        />
      </div>
      {needsReason(rag) ? (
        <TextField
          id={reasonId}
          label="Why?"
          hint={`Why this action is ${rag === 'red' ? 'red' : 'amber'}: kept with the rating and printed beside it.`}
          value={ragReason}
          onChange={setRagReason}
          multiline
          rows={2}
          required
          maxLength={LIMITS.reason}
          error={fieldMessage(save.failure, 'ragReason')}
        />
      ) : null}
      <CheckboxGroup
        id={`${formId}-schools`}
        legend="Schools concerned"
        options={plan.schools.map((s) => ({ value: s.id, label: `${s.name} (${s.shortCode})` }))}
        selected={schoolIds}
        onChange={setSchoolIds}
        error={fieldMessage(save.failure, 'schoolIds')}
        emptyText="This partnership has no schools listed yet."
      />
      <DueField
        id={`${formId}-due`}
        value={due}
        onChange={setDue}
        planYear={plan.academicYear}
        error={fieldMessage(save.failure, 'due')}
      />
      <FormFooter
        alertId={`${formId}-alert`}
        alert={alertText(save.failure, SHOWN_FIELDS)}
        busy={save.busy}
        saveLabel={action ? 'Save action' : 'Add action'}
        onCancel={() => onClose()}
      />
    </EditorPanel>
  );
}
