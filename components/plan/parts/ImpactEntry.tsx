import type { ReactNode } from 'react';
import type { ImpactView } from '@/lib/presenters/types';
import { RichText } from '@/components/ui/RichText';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { isAllowedHref } from '@/lib/richtext/extensions';

/**
 * One "impact to date" entry, then `children` (the editor's controls). A withdrawn entry stays,
 * struck through and marked "(withdrawn)".
 */
export function ImpactEntry({ entry, children }: { entry: ImpactView; children?: ReactNode }) {
  const hasMeta = entry.withdrawn || entry.dateLabel || entry.author || entry.evidenceUrl;
  return (
    <li className={`impact-entry${entry.withdrawn ? ' impact-entry--withdrawn' : ''}`} data-testid="impact">
      <div className="impact-entry__body">
        {entry.withdrawn ? <VisuallyHidden>Withdrawn entry: </VisuallyHidden> : null}
        <RichText html={entry.text} />
      </div>
      {hasMeta ? (
        <p className="impact-entry__meta">
          {entry.withdrawn ? <span className="impact-entry__withdrawn">(withdrawn)</span> : null}
          {entry.dateLabel ? (
            entry.date ? (
              <time className="impact-entry__date" dateTime={entry.date}>
                {entry.dateLabel}
              </time>
            ) : (
              <span className="impact-entry__date">{entry.dateLabel}</span>
            )
          ) : null}
          {entry.author ? <span className="impact-entry__author">by {entry.author}</span> : null}
          {entry.evidenceUrl && isAllowedHref(entry.evidenceUrl) ? (
            <a className="impact-entry__evidence" href={entry.evidenceUrl} rel="noopener noreferrer nofollow">
              Evidence
            </a>
          ) : null}
        </p>
      ) : null}
      {children}
    </li>
  );
}
