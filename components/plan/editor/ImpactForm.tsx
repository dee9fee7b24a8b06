'use client';

import { useState } from 'react';
import { RichTextEditor } from '@/components/editor/RichTextEditor';
import { RichText, isBlankHtml } from '@/components/ui/RichText';
import type { ImpactView, StrandView } from '@/lib/presenters/types';
import { createImpactInput, LIMITS, updateImpactInput } from '@/lib/validation/plan-content';
import { byPosition } from '../parts/order';
import { createImpact, updateImpact, type CreateImpactBody, type UpdateImpactBody } from './api';
import { impactCurrent } from './current';
import { useChangedUnderneath } from './live';
import { ConflictNotice, EditorPanel, FieldError, FormFooter, SelectField, TextField } from './fields';
import { alertText, checkInput, fieldMessage, useSave } from './useSave';

const SHOWN_FIELDS = ['body', 'date', 'evidenceUrl', 'actionId'] as const;

/** Today as YYYY-MM-DD in the user's own time zone. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Logs a dated impact entry on a strand (`entry` null) or edits one. The earlier wording of an
 * edited entry stays in the history.
 */
export function ImpactForm({
  strand,
  entry,
  formId,
  onClose,
}: {
  strand: StrandView;
  entry: ImpactView | null;
  formId: string;
  /** `savedId` is the entry's id after a save, absent on Cancel. */
  onClose: (savedId?: string) => void;
}) {
  const [openedWith] = useState(entry?.version ?? 0);
  const [date, setDate] = useState(() => (entry ? (entry.date ?? '') : today()));
  const [body, setBody] = useState(entry?.text ?? '');
  const [bodyTouched, setBodyTouched] = useState(false);
  const [evidenceUrl, setEvidenceUrl] = useState(entry?.evidenceUrl ?? '');
  const [actionId, setActionId] = useState('');
  const save = useSave({ current: impactCurrent });
  const live = useChangedUnderneath({
    entityId: entry?.id ?? null,
    fresh: entry,
    sameShown: (a, b) => a.text === b.text && a.date === b.date && a.evidenceUrl === b.evidenceUrl && a.withdrawn === b.withdrawn,
    busy: save.busy,
    what: 'this impact entry',
  });
  const bodyErrorId = `${formId}-body-error`;
  const bodyError = fieldMessage(save.failure, 'body');

  function submit() {
    if (isBlankHtml(body)) return save.reject({ body: 'Write what impact has been seen.' });
    const url = evidenceUrl.trim();

    if (!entry) {
      const input: CreateImpactBody = { body, date: date === '' ? null : date };
      if (url) input.evidenceUrl = url;
      if (actionId) input.actionId = actionId;
      const invalid = checkInput(createImpactInput, input);
      if (invalid) return save.reject(invalid);
      void save.run(() => createImpact(strand.id, input), {
        success: 'Impact entry added.',
        onSuccess: (data) => onClose(data.impact.id),
      });
      return;
    }

    const input: UpdateImpactBody = { version: live.version(save.versionFrom(openedWith)) };
    // tiptap may write unchanged HTML slightly differently: only a real edit is sent.
    if (bodyTouched && body !== entry.text) input.body = body;
    if (date !== (entry.date ?? '')) input.date = date === '' ? null : date;
    if (url !== (entry.evidenceUrl ?? '')) input.evidenceUrl = url === '' ? null : url;
    if (Object.keys(input).length === 1 && !save.failure?.current && !live.theirs) return onClose();
    const invalid = checkInput(updateImpactInput, input);
    if (invalid) return save.reject(invalid);
    void save.run(() => updateImpact(entry.id, input), { success: 'Impact entry saved.', onSuccess: () => onClose(entry.id) });
  }

  const current = save.failure?.current ?? live.theirs;
  return (
    <EditorPanel
      id={formId}
      title={entry ? `Edit impact entry in ${strand.title}` : `New impact entry in ${strand.title}`}
      onSubmit={submit}
    >
      {current ? (
        <ConflictNotice by={save.failure?.current ? null : live.by}>
          {current.withdrawn ? <p className="impact-entry__withdrawn">(withdrawn)</p> : null}
          <RichText html={current.text} />
          <p className="conflict-notice__meta">
            {[current.dateLabel, current.evidenceUrl ? `Evidence: ${current.evidenceUrl}` : null].filter(Boolean).join(' · ')}
          </p>
        </ConflictNotice>
      ) : null}
      <TextField
        id={`${formId}-date`}
        label="Date"
        type="date"
        value={date}
        onChange={setDate}
        hint="When the impact was seen."
        error={fieldMessage(save.failure, 'date')}
      />
      <RichTextEditor
        id={`${formId}-body`}
        label="What impact has been seen"
        initialHtml={entry?.text ?? ''}
        onChange={(html) => {
          setBody(html);
          setBodyTouched(true);
        }}
        describedBy={bodyError ? bodyErrorId : undefined}
        invalid={Boolean(bodyError)}
      />
      <FieldError id={bodyErrorId} message={bodyError} />
      <TextField
        id={`${formId}-evidence`}
        label="Evidence link"
        type="url"
        hint="A web address of the evidence, starting with https://."
        value={evidenceUrl}
        onChange={setEvidenceUrl}
        maxLength={LIMITS.url}
        error={fieldMessage(save.failure, 'evidenceUrl')}
      />
      {!entry && strand.actions.length > 0 ? (
        <SelectField
          id={`${formId}-action`}
          label="About which action (optional)"
          value={actionId}
          onChange={setActionId}
          options={[
            { value: '', label: 'The strand as a whole' },
            ...byPosition(strand.actions).map((a) => ({ value: a.id, label: a.text.length > 80 ? `${a.text.slice(0, 79)}…` : a.text })),
          ]}
          error={fieldMessage(save.failure, 'actionId')}
        />
      ) : null}
      <FormFooter
        alertId={`${formId}-alert`}
        alert={alertText(save.failure, SHOWN_FIELDS)}
        busy={save.busy}
        saveLabel={entry ? 'Save impact entry' : 'Add impact entry'}
        onCancel={() => onClose()}
      />
    </EditorPanel>
  );
}
