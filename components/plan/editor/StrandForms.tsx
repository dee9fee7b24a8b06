'use client';

import { useMemo, useState } from 'react';
import { RichTextEditor } from '@/components/editor/RichTextEditor';
import type { CollabStatus } from '@/components/realtime/collab-docs';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { useCollabDocument } from '@/components/realtime/useCollabDocument';
import { Button } from '@/components/ui/Button';
import { documentName } from '@/lib/collab/names';
import type { StrandView } from '@/lib/presenters/types';
import { createStrandInput, LIMITS, updateStrandInput } from '@/lib/validation/plan-content';
import { byNumber, linksLabel } from '../parts/order';
import type { StrandRichField } from '../parts/StrandRow';
import { createStrand, updateStrand, type UpdateStrandBody } from './api';
import { usePlanEditor } from './context';
import { strandCurrent } from './current';
import { AddFormFooter, CheckboxGroup, ConflictNotice, EditorPanel, FormFooter, SelectField, TextField } from './fields';
import { useChangedUnderneath } from './live';
import { alertText, checkInput, fieldMessage, type SaveFailure, useSave } from './useSave';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));
const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A strand's title and subtitle fields (ids `${formId}-title` and `${formId}-subtitle`), for editing and adding. */
function StrandTitleFields({
  formId,
  title,
  onTitleChange,
  subtitle,
  onSubtitleChange,
  failure,
}: {
  formId: string;
  title: string;
  onTitleChange: (value: string) => void;
  subtitle: string;
  onSubtitleChange: (value: string) => void;
  failure: SaveFailure<unknown> | null;
}) {
  return (
    <>
      <TextField
        id={`${formId}-title`}
        label="Strand title"
        value={title}
        onChange={onTitleChange}
        required
        maxLength={LIMITS.title}
        error={fieldMessage(failure, 'title')}
      />
      <TextField
        id={`${formId}-subtitle`}
        label="Subtitle"
        value={subtitle}
        onChange={onSubtitleChange}
        maxLength={LIMITS.title}
        error={fieldMessage(failure, 'subtitle')}
      />
    </>
  );
}

/**
 * A strand's reference column: title and subtitle (for whoever may edit the strand), and its lead
 * and linked objectives (for plan editors only, as the server rules).
 */
export function StrandFieldsForm({
  strand,
  formId,
  onClose,
}: {
  strand: StrandView;
  formId: string;
  onClose: (saved: boolean) => void;
}) {
  const { plan, people, permissions } = usePlanEditor();
  const objectives = byNumber(plan.objectives);
  const initialObjectiveIds = objectives.filter((o) => strand.objectiveNumbers.includes(o.number)).map((o) => o.id);
  const [openedWith] = useState(strand.version);
  const [title, setTitle] = useState(strand.title);
  const [subtitle, setSubtitle] = useState(strand.subtitle ?? '');
  const [lead, setLead] = useState(strand.lead?.id ?? '');
  const [objectiveIds, setObjectiveIds] = useState<string[]>(initialObjectiveIds);
  const save = useSave({ current: strandCurrent });
  const live = useChangedUnderneath({
    entityId: strand.id,
    fresh: strand,
    sameShown: (a, b) =>
      a.title === b.title &&
      a.subtitle === b.subtitle &&
      (a.lead?.id ?? null) === (b.lead?.id ?? null) &&
      a.objectiveNumbers.join(',') === b.objectiveNumbers.join(','),
    busy: save.busy,
    what: `the strand “${strand.title}”`,
  });
  const leadOptions = [{ value: '', label: 'No lead' }, ...people.map((p) => ({ value: p.id, label: p.name }))];
  if (strand.lead && !people.some((p) => p.id === strand.lead?.id)) leadOptions.push({ value: strand.lead.id, label: strand.lead.name });

  function submit() {
    const body: UpdateStrandBody = { version: live.version(save.versionFrom(openedWith)) };
    if (title.trim() !== strand.title) body.title = title;
    if (subtitle.trim() !== (strand.subtitle ?? '')) body.subtitle = subtitle.trim() === '' ? null : subtitle;
    if (permissions.update) {
      if (lead !== (strand.lead?.id ?? '')) body.leadUserId = lead === '' ? null : lead;
      if (!sameSet(objectiveIds, initialObjectiveIds)) body.objectiveIds = objectiveIds;
    }
    if (Object.keys(body).length === 1 && !save.failure?.current && !live.theirs) return onClose(false);
    const invalid = checkInput(updateStrandInput, body);
    if (invalid) return save.reject(invalid);
    void save.run(() => updateStrand(strand.id, body), { success: 'Strand saved.', onSuccess: () => onClose(true) });
  }

  const current = save.failure?.current ?? live.theirs;
  return (
    <EditorPanel id={formId} title={`Edit strand: ${strand.title}`} onSubmit={submit}>
      {current ? (
        <ConflictNotice by={save.failure?.current ? null : live.by}>
          <p>
            <strong>{current.title}</strong>
            {current.subtitle ? ` (${current.subtitle})` : ''}
          </p>
          <p className="conflict-notice__meta">
            {[linksLabel(current.objectiveNumbers), current.lead ? `Lead: ${current.lead.name}` : null].filter(Boolean).join(' · ')}
          </p>
        </ConflictNotice>
      ) : null}
      <div className="editor-panel__columns">
        <StrandTitleFields
          formId={formId}
          title={title}
          onTitleChange={setTitle}
          subtitle={subtitle}
          onSubtitleChange={setSubtitle}
          failure={save.failure}
        />
        {permissions.update ? (
          <SelectField
            id={`${formId}-lead`}
            label="Lead"
            hint="The strand’s lead may edit it and its actions."
            value={lead}
            onChange={setLead}
            options={leadOptions}
            error={fieldMessage(save.failure, 'leadUserId')}
          />
        ) : null}
      </div>
      {permissions.update ? (
        <CheckboxGroup
          id={`${formId}-objectives`}
          legend="Linked overriding objectives"
          options={objectives.map((o) => ({ value: o.id, label: `${o.number}. ${short(o.text)}` }))}
          selected={objectiveIds}
          onChange={setObjectiveIds}
          error={fieldMessage(save.failure, 'objectiveIds')}
          emptyText="This plan has no overriding objectives yet."
        />
      ) : null}
      <FormFooter
        alertId={`${formId}-alert`}
        alert={alertText(save.failure, ['title', 'subtitle', 'leadUserId', 'objectiveIds'])}
        busy={save.busy}
        saveLabel="Save strand"
        onCancel={() => onClose(false)}
      />
    </EditorPanel>
  );
}

export const richFieldLabel: Record<StrandRichField, string> = {
  keyObjective: 'Key objective/action',
  intendedImpact: 'The intended outcome/impact',
};

/** Whether the co-edited form's status is routine ("Saved", "Saving…") rather than something to notice. */
export function collabStatusCalm(status: CollabStatus, ended: boolean): boolean {
  return status.loaded && status.canEdit && status.synced && !ended && status.error?.code !== 'document_too_large';
}

/** What the co-edited form says about its text: "Saved", "Saving…", offline, read-only. */
export function collabStatusText(status: CollabStatus, ended: boolean): string {
  if (ended) return 'Not connected: this text can no longer be changed here. Reload the page to carry on.';
  if (!status.loaded) return status.error ? status.error.message : 'Loading the latest text…';
  // The server refused a change that would have made the text larger than a document may be.
  if (status.error?.code === 'document_too_large') return status.error.message;
  if (!status.canEdit) return 'Read only: you can follow the changes but not make them.';
  if (!status.synced) {
    return status.pending > 0
      ? 'Offline: your latest changes are kept here and will be saved when the connection is back.'
      : 'Offline: reconnecting…';
  }
  return status.pending > 0 ? 'Saving…' : 'Saved';
}

/**
 * The key objective or the intended impact of a strand, co-edited: a tiptap editor bound to the
 * field's shared document (`strand:<id>:<field>`), with the others' named carets. Changes save
 * themselves (the server copies the text back to the strand and its history, per author per
 * pause), so the form has a status instead of a Save button, and "Done" closes it.
 */
export function StrandRichTextForm({
  strand,
  field,
  formId,
  onClose,
}: {
  strand: StrandView;
  field: StrandRichField;
  formId: string;
  onClose: (saved: boolean) => void;
}) {
  const { connection } = useRealtime();
  const { entry, status } = useCollabDocument(documentName('strand', strand.id, field));
  const ended = connection === 'ended';
  const statusId = `${formId}-status`;
  const hintId = `${formId}-hint`;
  const statusText = collabStatusText(status, ended);
  // One binding per document, so the editor is created once (after the first sync) and kept.
  const binding = useMemo(() => (entry ? { doc: entry.doc, awareness: entry.awareness } : null), [entry]);

  return (
    <EditorPanel id={formId} title={`${richFieldLabel[field]}: ${strand.title}`} onSubmit={() => onClose(false)} focusFirstField={false}>
      <p id={hintId} className="field__hint">
        Everyone editing this text sees each other’s typing as it happens. Changes are saved as you type.
      </p>
      {binding && status.loaded ? (
        <RichTextEditor
          key={entry?.name}
          id={`${formId}-text`}
          label={richFieldLabel[field]}
          initialHtml={strand[field]}
          collaboration={binding}
          disabled={!status.canEdit || ended}
          autoFocus
          describedBy={`${hintId} ${statusId}`}
        />
      ) : (
        // Until the first sync: the stored text, read-only (never used to fill the shared document).
        <div className="rich-text-editor">
          <span id={`${formId}-text-label`} className="field__label rich-text-editor__label">
            {richFieldLabel[field]}
          </span>
          <div
            className="rich-text-editor__area rich-text rich-text-editor__content rich-text-editor__content--loading"
            role="textbox"
            aria-multiline="true"
            aria-readonly="true"
            aria-labelledby={`${formId}-text-label`}
            aria-describedby={`${hintId} ${statusId}`}
            dangerouslySetInnerHTML={{ __html: strand[field] }}
          />
        </div>
      )}
      <p
        id={statusId}
        className={`collab-status${collabStatusCalm(status, ended) ? '' : ' collab-status--attention'}`}
        data-testid="collab-status"
      >
        {statusText}
      </p>
      <div className="form__actions">
        <Button type="submit" size="small">
          Done
        </Button>
      </div>
    </EditorPanel>
  );
}

/** Adds a strand (a new row) at the end of the table. */
export function AddStrandForm({ formId }: { formId: string }) {
  const { plan, requestFocus } = usePlanEditor();
  const [title, setTitle] = useState('');
  const [subtitle, setSubtitle] = useState('');
  const save = useSave();
  const titleId = `${formId}-title`;

  return (
    <form
      id={formId}
      className="editor-add no-print"
      aria-labelledby={`${formId}-heading`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body = { title, subtitle: subtitle.trim() === '' ? null : subtitle };
        const invalid = checkInput(createStrandInput, body);
        if (invalid) return save.reject(invalid);
        void save.run(() => createStrand(plan.id, body), {
          success: 'Strand added at the end of the table.',
          onSuccess: (data) => {
            setTitle('');
            setSubtitle('');
            requestFocus(`strand-${data.strand.id}-edit`, titleId);
          },
        });
      }}
    >
      <h3 id={`${formId}-heading`} className="editor-add__heading">
        Add a strand
      </h3>
      <div className="editor-panel__columns">
        <StrandTitleFields
          formId={formId}
          title={title}
          onTitleChange={setTitle}
          subtitle={subtitle}
          onSubtitleChange={setSubtitle}
          failure={save.failure}
        />
      </div>
      <AddFormFooter alertId={`${formId}-alert`} alert={alertText(save.failure, ['title', 'subtitle'])} busy={save.busy} addLabel="Add strand" />
    </form>
  );
}
