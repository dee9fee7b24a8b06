import { Fragment } from 'react';
import type { ActionView, ImpactView, ReviewView, SignatureView } from '@/lib/presenters/types';
import { Badge } from '@/components/ui/Badge';
import { Chip } from '@/components/ui/Chip';
import { RichText } from '@/components/ui/RichText';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import {
  actionStatusLabel,
  actionStatusTone,
  formatDateTime,
  ragLabel,
  ragTone,
  reviewKindLabel,
  reviewStatusLabel,
  reviewStatusTone,
} from '../labels';

/*
 * The read-only pieces of the plan, with the same markup and classes as PlanDocument (whose
 * pieces are not exported), so the editor looks and prints like the document people know.
 * TODO(plan document owner): export these from PlanDocument and drop this copy.
 */

export const byPosition = <T extends { position: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.position - b.position);

/** "Links: Objective 1, 2, 5", as PlanDocument prints it. */
export function linksLabel(numbers: readonly number[]): string | null {
  if (numbers.length === 0) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  return `Links: Objective ${sorted.join(', ')}`;
}

/** The text and metadata chips of an action (the inside of PlanDocument's action item). */
export function ActionContent({ action, schoolNames }: { action: ActionView; schoolNames: ReadonlyMap<string, string> }) {
  return (
    <>
      <p className="action__text">{action.text}</p>
      <p className="action__meta">
        {action.due.label ? (
          <>
            <Chip className="chip--due">
              <VisuallyHidden>Due: </VisuallyHidden>
              {action.due.label}
            </Chip>{' '}
          </>
        ) : null}
        {action.schools.map((code) => (
          <Fragment key={code}>
            <Chip className="chip--school">
              <VisuallyHidden>School: </VisuallyHidden>
              <abbr title={schoolNames.get(code)}>{code}</abbr>
            </Chip>{' '}
          </Fragment>
        ))}
        <Chip tone={actionStatusTone[action.status]} className="chip--status">
          <VisuallyHidden>Status: </VisuallyHidden>
          {actionStatusLabel[action.status]}
        </Chip>
        {action.rag ? (
          <>
            {' '}
            <Chip tone={ragTone[action.rag]} className="chip--rag">
              <span className={`rag-dot rag-dot--${action.rag}`} aria-hidden="true" />
              RAG: {ragLabel[action.rag]}
            </Chip>
          </>
        ) : null}
        {action.rag && action.ragReason ? <span className="action__rag-reason"> {action.ragReason}</span> : null}
        {action.owner ? <span className="action__owner"> Owner: {action.owner}</span> : null}
      </p>
    </>
  );
}

/** The body and metadata of an impact entry (the inside of PlanDocument's impact item). */
export function ImpactContent({ entry }: { entry: ImpactView }) {
  const hasMeta = entry.withdrawn || entry.dateLabel || entry.author || entry.evidenceUrl;
  return (
    <>
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
          {entry.evidenceUrl ? (
            <a className="impact-entry__evidence" href={entry.evidenceUrl}>
              Evidence
            </a>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

function defaultStatement(review: ReviewView): string {
  const who = review.kind === 'jcc' ? 'reviewed by the JCC' : 'monitored and reviewed by the head teachers';
  if (!review.heldOnLabel) return `This action plan was ${who}.`;
  return `This action plan was ${who} ${review.heldOn ? 'on' : 'in'} ${review.heldOnLabel}.`;
}

/** The reviews and sign-off section, read-only (signing is the governance work's). */
export function ReviewsSection({ idBase, reviews }: { idBase: string; reviews: readonly ReviewView[] }) {
  const sorted = byPosition(reviews);
  return (
    <section className="plan-section plan-reviews" aria-labelledby={`${idBase}-reviews`}>
      <h2 id={`${idBase}-reviews`} className="plan-section__heading">
        Reviews and sign-off
      </h2>
      {sorted.length > 0 ? (
        sorted.map((review) => <ReviewBlock key={review.id} review={review} />)
      ) : (
        <p className="empty-state">This plan has not been reviewed yet.</p>
      )}
    </section>
  );
}

function ReviewBlock({ review }: { review: ReviewView }) {
  const headingId = `review-${review.id}-heading`;
  const signedId = `review-${review.id}-signed`;
  const statementLines = (review.statement ?? defaultStatement(review))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return (
    <article className={`review review--${review.status}`} data-testid="review" aria-labelledby={headingId}>
      <header className="review__header">
        <h3 id={headingId} className="review__heading">
          {reviewKindLabel[review.kind]}
          {review.heldOnLabel ? `, ${review.heldOnLabel}` : ''}
        </h3>
        <Badge tone={reviewStatusTone[review.status]} className="review__status">
          {reviewStatusLabel[review.status]}
        </Badge>
      </header>
      {statementLines.map((line, i) => (
        <p key={i} className="review__statement">
          {line}
        </p>
      ))}
      <p id={signedId} className="review__signed-label">
        Signed:
      </p>
      {review.signatures.length > 0 ? (
        <ul className="signatories" aria-labelledby={signedId}>
          {review.signatures.map((signature) => (
            <Signatory key={signature.id} signature={signature} />
          ))}
        </ul>
      ) : (
        <p className="review__unsigned">No signatures yet.</p>
      )}
    </article>
  );
}

function Signatory({ signature }: { signature: SignatureView }) {
  const signedAt = formatDateTime(signature.signedAt);
  return (
    <li className="signatory">
      <span className="signatory__name">{signature.name}</span>
      <span className="signatory__role">{signature.roleLabel}</span>
      {signature.schoolName ? <span className="signatory__school">{signature.schoolName}</span> : null}
      {signature.imported ? (
        <span className="signatory__when">Signed on paper, imported</span>
      ) : signedAt && signature.signedAt ? (
        <span className="signatory__when">
          Signed <time dateTime={signature.signedAt}>{signedAt}</time>
        </span>
      ) : null}
    </li>
  );
}
