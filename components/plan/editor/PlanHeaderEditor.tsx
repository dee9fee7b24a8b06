'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { academicYearLabel } from '@/lib/presenters/plan';
import { LIMITS, updatePlanInput } from '@/lib/validation/plan-content';
import { PlanHeader } from '../parts/PlanHeader';
import { archivePlan, updatePlan, type UpdatePlanBody } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { usePlanEditor } from './context';
import { planCurrent } from './current';
import { useChangedUnderneath } from './live';
import { ConflictNotice, EditorPanel, FormFooter, TextField } from './fields';
import { HistoryButton } from './HistoryButton';
import { alertText, checkInput, fieldMessage, useSave } from './useSave';

/** The plan's title block, with title/year editing, archiving and the plan's history. */
export function PlanHeaderEditor({ idBase }: { idBase: string }) {
  const { plan, permissions, requestFocus } = usePlanEditor();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const archive = useSave();
  const editId = `${idBase}-edit`;
  const formId = `${idBase}-form`;

  return (
    <PlanHeader
      plan={plan}
      idBase={idBase}
      afterTitle={
        editing ? (
          <PlanFieldsForm
            formId={formId}
            onClose={() => {
              setEditing(false);
              requestFocus(editId);
            }}
          />
        ) : null
      }
    >
      {permissions.update || permissions.readHistory ? (
        <div className="editor-controls editor-controls--center no-print">
          {permissions.update ? (
            <>
              <Button
                id={editId}
                variant="secondary"
                size="small"
                aria-expanded={editing}
                aria-controls={editing ? formId : undefined}
                onClick={() => setEditing(true)}
                disabled={editing}
              >
                Edit title and year
              </Button>
              <Button id={`${idBase}-archive`} variant="secondary" size="small" onClick={() => setArchiving(true)}>
                Archive plan
              </Button>
            </>
          ) : null}
          <HistoryButton id={`${idBase}-history`} scope={{ entityType: 'plan', entityId: plan.id }} what="the plan" />
        </div>
      ) : null}
      {archiving ? (
        <ConfirmDialog
          title="Archive this plan?"
          confirmLabel="Archive plan"
          save={archive}
          onClose={() => setArchiving(false)}
          onConfirm={() =>
            void archive.run(() => archivePlan(plan.id, plan.version), {
              success: 'Plan archived.',
              onSuccess: () => {
                setArchiving(false);
                requestFocus(`${idBase}-title`);
              },
            })
          }
        >
          <p>
            An archived plan can no longer be edited by anyone. It stays readable, printable and in the history.
          </p>
        </ConfirmDialog>
      ) : null}
    </PlanHeader>
  );
}

function PlanFieldsForm({ formId, onClose }: { formId: string; onClose: () => void }) {
  const { plan } = usePlanEditor();
  const [openedWith] = useState(plan.version);
  const [title, setTitle] = useState(plan.title);
  const [year, setYear] = useState(String(plan.academicYear));
  const save = useSave({ current: planCurrent });
  const live = useChangedUnderneath({
    entityId: plan.id,
    fresh: { version: plan.version, title: plan.title, academicYear: plan.academicYear, academicYearLabel: plan.academicYearLabel },
    sameShown: (a, b) => a.title === b.title && a.academicYear === b.academicYear,
    busy: save.busy,
    what: 'the plan’s title and year',
  });
  const yearNumber = Number(year.trim());
  const yearHint =
    Number.isInteger(yearNumber) && yearNumber >= 2000 && yearNumber <= 2100
      ? `The year the academic year starts in September: ${year} means ${academicYearLabel(yearNumber)}.`
      : 'The year the academic year starts in September, for example 2025 for 2025-26.';

  function submit() {
    if (!/^\d{4}$/.test(year.trim())) {
      return save.reject({ academicYear: 'Enter the year the academic year starts in, like 2025.' });
    }
    const body: UpdatePlanBody = { version: live.version(save.versionFrom(openedWith)) };
    if (title.trim() !== plan.title) body.title = title;
    if (yearNumber !== plan.academicYear) body.academicYear = yearNumber;
    if (body.title === undefined && body.academicYear === undefined && !live.theirs) {
      onClose();
      return;
    }
    const invalid = checkInput(updatePlanInput, body);
    if (invalid) return save.reject(invalid);
    void save.run(() => updatePlan(plan.id, body), { success: 'Plan title and year saved.', onSuccess: onClose });
  }

  const current = save.failure?.current ?? live.theirs;
  return (
    <EditorPanel id={formId} title="Edit the plan’s title and year" onSubmit={submit}>
      {current ? (
        <ConflictNotice by={save.failure?.current ? null : live.by}>
          <p>
            {current.title} ({current.academicYearLabel})
          </p>
        </ConflictNotice>
      ) : null}
      <TextField
        id={`${formId}-title`}
        label="Title"
        value={title}
        onChange={setTitle}
        required
        maxLength={LIMITS.title}
        error={fieldMessage(save.failure, 'title')}
      />
      <TextField
        id={`${formId}-year`}
        label="Academic year"
        type="number"
        min={2000}
        max={2100}
        value={year}
        onChange={setYear}
        required
        hint={yearHint}
        error={fieldMessage(save.failure, 'academicYear')}
      />
      <FormFooter
        alertId={`${formId}-alert`}
        alert={alertText(save.failure, ['title', 'academicYear'])}
        busy={save.busy}
        saveLabel="Save title and year"
        onCancel={onClose}
      />
    </EditorPanel>
  );
}
