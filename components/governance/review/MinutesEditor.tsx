'use client';

import { useMemo } from 'react';
import { RichTextEditor } from '@/components/editor/RichTextEditor';
import { collabStatusCalm, collabStatusText } from '@/components/plan/editor/StrandForms';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { useCollabDocument } from '@/components/realtime/useCollabDocument';
import { documentName } from '@/lib/collab/names';

/**
 * The review's minutes, co-edited live (`review:<id>:minutes`): everyone keeping the record types
 * in the same text and sees the others' carets; the server saves it to the review as they pause.
 */
export function MinutesEditor({ reviewId, storedHtml, idBase }: { reviewId: string; storedHtml: string; idBase: string }) {
  const { connection } = useRealtime();
  const { entry, status } = useCollabDocument(documentName('review', reviewId, 'minutes'));
  const ended = connection === 'ended';
  const statusId = `${idBase}-status`;
  const hintId = `${idBase}-hint`;
  const binding = useMemo(() => (entry ? { doc: entry.doc, awareness: entry.awareness } : null), [entry]);

  return (
    <div className="minutes-editor">
      <p id={hintId} className="field__hint">
        Everyone keeping this review’s record can type here at once and sees the others’ typing. Changes are saved as you
        type.
      </p>
      {binding && status.loaded ? (
        <RichTextEditor
          key={entry?.name}
          id={`${idBase}-text`}
          label="Minutes"
          initialHtml={storedHtml}
          collaboration={binding}
          disabled={!status.canEdit || ended}
          describedBy={`${hintId} ${statusId}`}
        />
      ) : (
        <div className="rich-text-editor">
          <span id={`${idBase}-text-label`} className="field__label rich-text-editor__label">
            Minutes
          </span>
          <div
            className="rich-text-editor__area rich-text rich-text-editor__content rich-text-editor__content--loading"
            role="textbox"
            aria-multiline="true"
            aria-readonly="true"
            aria-labelledby={`${idBase}-text-label`}
            aria-describedby={`${hintId} ${statusId}`}
            dangerouslySetInnerHTML={{ __html: storedHtml }}
          />
        </div>
      )}
      <p
        id={statusId}
        className={`collab-status${collabStatusCalm(status, ended) ? '' : ' collab-status--attention'}`}
        data-testid="collab-status"
      >
        {collabStatusText(status, ended)}
      </p>
    </div>
  );
}
