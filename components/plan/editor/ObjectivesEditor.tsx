'use client';

import { useState } from 'react';
import type { ObjectiveView } from '@/lib/presenters/types';
import { FormAlert } from '@/components/ui/FormAlert';
import { createObjectiveInput, LIMITS, updateObjectiveInput } from '@/lib/validation/plan-content';
import { ObjectiveItem, ObjectivesSection } from '../parts/Objectives';
import { createObjective, deleteObjective, updateObjective } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ControlButton } from './ControlButton';
import { usePlanEditor } from './context';
import { objectiveCurrent } from './current';
import { useChangedUnderneath } from './live';
import { AddFormFooter, ConflictNotice, EditorPanel, FormFooter, TextField } from './fields';
import { alertText, checkInput, fieldMessage, type SaveFailure, useSave } from './useSave';

const ids = (objective: { id: string }) => ({
  edit: `objective-${objective.id}-edit`,
  up: `objective-${objective.id}-up`,
  down: `objective-${objective.id}-down`,
  remove: `objective-${objective.id}-remove`,
  form: `objective-${objective.id}-form`,
});

/** The numbered overriding objectives: add, edit in place, move up and down, remove. */
export function ObjectivesEditor({ idBase }: { idBase: string }) {
  const { plan, permissions } = usePlanEditor();
  const addId = `${idBase}-add-objective`;

  return (
    <ObjectivesSection
      plan={plan}
      idBase={idBase}
      renderObjective={(objective, index, objectives) =>
        permissions.update ? (
          <EditableObjective
            objective={objective}
            previous={objectives[index - 1] ?? null}
            next={objectives[index + 1] ?? null}
            addId={addId}
          />
        ) : (
          <ObjectiveItem objective={objective} />
        )
      }
    >
      {permissions.update ? <AddObjectiveForm inputId={addId} /> : null}
    </ObjectivesSection>
  );
}

function EditableObjective({
  objective,
  previous,
  next,
  addId,
}: {
  objective: ObjectiveView;
  previous: ObjectiveView | null;
  next: ObjectiveView | null;
  addId: string;
}) {
  const { requestFocus } = usePlanEditor();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const move = useSave();
  const remove = useSave();
  const controlIds = ids(objective);
  const name = `objective ${objective.number}`;

  function moveTo(target: ObjectiveView, direction: 'up' | 'down') {
    const pressed = direction === 'up' ? controlIds.up : controlIds.down;
    const other = direction === 'up' ? controlIds.down : controlIds.up;
    void move.run(() => updateObjective(objective.id, { version: objective.version, number: target.number }), {
      success: `Objective moved ${direction}: it is now objective ${target.number}.`,
      // Focus stays on the button pressed, or goes to the other one once it reaches the end of the list.
      onSuccess: () => requestFocus(pressed, other, controlIds.edit),
    });
  }

  return (
    <ObjectiveItem objective={objective}>
      <div className="objective__body">
        {editing ? (
          <>
            {/* The saved wording still prints while the form is open. */}
            <span className="objective__text editor-print-only">{objective.text}</span>
            <ObjectiveForm
              objective={objective}
              formId={controlIds.form}
              onClose={() => {
                setEditing(false);
                requestFocus(controlIds.edit);
              }}
            />
          </>
        ) : (
          <>
            <span className="objective__text">{objective.text}</span>
            <div className="editor-controls no-print">
              <ControlButton id={controlIds.edit} label="Edit" hidden={name} onClick={() => setEditing(true)} />
              <ControlButton
                id={controlIds.up}
                label="Move up"
                hidden={name}
                disabled={!previous}
                onClick={() => previous && !move.busy && moveTo(previous, 'up')}
              />
              <ControlButton
                id={controlIds.down}
                label="Move down"
                hidden={name}
                disabled={!next}
                onClick={() => next && !move.busy && moveTo(next, 'down')}
              />
              <ControlButton id={controlIds.remove} label="Remove" hidden={name} onClick={() => setRemoving(true)} />
            </div>
            <FormAlert id={`${controlIds.form}-move-alert`} message={move.failure?.message ?? null} />
          </>
        )}
      </div>
      {removing ? (
        <ConfirmDialog
          title={`Remove objective ${objective.number}?`}
          confirmLabel="Remove objective"
          save={remove}
          onClose={() => setRemoving(false)}
          onConfirm={() =>
            void remove.run(() => deleteObjective(objective.id, objective.version), {
              success: `Objective ${objective.number} removed; the objectives after it were renumbered.`,
              onSuccess: () => {
                setRemoving(false);
                requestFocus(next ? ids(next).edit : previous ? ids(previous).edit : addId, addId);
              },
            })
          }
        >
          <p>“{objective.text}”</p>
          <p>The objectives after it move up one number. The removal is kept in the plan’s history.</p>
        </ConfirmDialog>
      ) : null}
    </ObjectiveItem>
  );
}

/** An objective's wording, for editing and adding. */
function ObjectiveTextField({
  id,
  label,
  hint,
  value,
  onChange,
  failure,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  failure: SaveFailure<unknown> | null;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      value={value}
      onChange={onChange}
      multiline
      rows={2}
      required
      maxLength={LIMITS.objectiveText}
      error={fieldMessage(failure, 'text')}
    />
  );
}

function ObjectiveForm({ objective, formId, onClose }: { objective: ObjectiveView; formId: string; onClose: () => void }) {
  const [openedWith] = useState(objective.version);
  const [text, setText] = useState(objective.text);
  const save = useSave({ current: objectiveCurrent });
  const live = useChangedUnderneath({
    entityId: objective.id,
    fresh: objective,
    sameShown: (a, b) => a.text === b.text,
    busy: save.busy,
    what: `objective ${objective.number}`,
  });

  function submit() {
    if (text.trim() === objective.text && save.failure?.current == null && !live.theirs) return onClose();
    const body = { version: live.version(save.versionFrom(openedWith)), text };
    const invalid = checkInput(updateObjectiveInput, body);
    if (invalid) return save.reject(invalid);
    void save.run(() => updateObjective(objective.id, body), { success: `Objective ${objective.number} saved.`, onSuccess: onClose });
  }

  const current = save.failure?.current ?? live.theirs;
  return (
    <EditorPanel id={formId} title={`Edit objective ${objective.number}`} onSubmit={submit}>
      {current ? (
        <ConflictNotice by={save.failure?.current ? null : live.by}>
          <p>
            {current.number}. {current.text}
          </p>
        </ConflictNotice>
      ) : null}
      <ObjectiveTextField id={`${formId}-text`} label={`Objective ${objective.number}`} value={text} onChange={setText} failure={save.failure} />
      <FormFooter
        alertId={`${formId}-alert`}
        alert={alertText(save.failure, ['text'])}
        busy={save.busy}
        saveLabel="Save objective"
        onCancel={onClose}
      />
    </EditorPanel>
  );
}

function AddObjectiveForm({ inputId }: { inputId: string }) {
  const { plan, requestFocus } = usePlanEditor();
  const [text, setText] = useState('');
  const save = useSave();
  const formId = `${inputId}-form`;

  return (
    <form
      id={formId}
      className="editor-add no-print"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body = { text };
        const invalid = checkInput(createObjectiveInput, body);
        if (invalid) return save.reject(invalid);
        void save.run(() => createObjective(plan.id, body), {
          success: 'Objective added at the end of the list.',
          onSuccess: (data) => {
            setText('');
            requestFocus(ids(data.objective).edit, inputId);
          },
        });
      }}
    >
      <ObjectiveTextField
        id={inputId}
        label="New objective"
        hint="It is added at the end of the list; move it up afterwards if needed."
        value={text}
        onChange={setText}
        failure={save.failure}
      />
      <AddFormFooter alertId={`${formId}-alert`} alert={alertText(save.failure, ['text'])} busy={save.busy} addLabel="Add objective" />
    </form>
  );
}
