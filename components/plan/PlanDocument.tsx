import { Fragment } from 'react';
import type { ActionView, ImpactView, PlanView, ReviewView, SignatureView, StrandView } from '@/lib/presenters/types';
import { Badge } from '@/components/ui/Badge';
import { Chip } from '@/components/ui/Chip';
import { EmptyValue } from '@/components/ui/EmptyValue';
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
} from './labels';
import { isAllowedHref } from '@/lib/richtext/extensions';
import { PlanStatusBadge } from './PlanStatusBadge';

type SchoolNames = ReadonlyMap<string, string>;

const byPosition = <T extends { position: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.position - b.position);

/** "Links: Objective 1, 2, 5": the document's "Links: Objective 1 Objective 2 Objective 5", shorter. */
function linksLabel(numbers: readonly number[]): string | null {
  if (numbers.length === 0) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  return `Links: Objective ${sorted.join(', ')}`;
}

/**
 * The whole Collaboration Action Plan laid out like the Word document users know: title block,
 * overriding objectives, the five-column strands table and the review sign-off blocks.
 * Prints as an A4 landscape board pack (see the print section of app/globals.css).
 */
export function PlanDocument({ plan }: { plan: PlanView }) {
  const idBase = `plan-${plan.id}`;
  const schoolNames: SchoolNames = new Map(plan.schools.map((s) => [s.shortCode, s.name]));
  const yearLabel = plan.yearLabel ?? plan.academicYearLabel;
  const showAcademicYear = plan.yearLabel !== null && plan.yearLabel !== plan.academicYearLabel;
  const objectives = [...plan.objectives].sort((a, b) => a.number - b.number);
  const strands = byPosition(plan.strands);
  const reviews = byPosition(plan.reviews);

  return (
    <article className="plan-document" aria-labelledby={`${idBase}-title`}>
      <header className="plan-header">
        <div className="plan-header__title-block">
          <h1 id={`${idBase}-title`} className="plan-header__title">
            {plan.title}
            <span className="plan-header__year"> {yearLabel}</span>
          </h1>
          {plan.note ? <p className="plan-header__note">{plan.note}</p> : null}
        </div>
        <ul className="plan-header__meta" aria-label="About this plan">
          <li>
            <PlanStatusBadge status={plan.status} />
          </li>
          <li className="plan-header__version">Version {plan.version}</li>
          {showAcademicYear ? <li>Academic year {plan.academicYearLabel}</li> : null}
          <li className="plan-header__partnership">
            <VisuallyHidden>Partnership: </VisuallyHidden>
            {plan.partnership.name}
          </li>
        </ul>
        {plan.schools.length > 0 ? (
          <ul className="plan-header__schools" aria-label="Schools in this plan">
            {plan.schools.map((school) => (
              <li key={school.id} className="plan-header__school">
                {school.name} <span className="school-code">({school.shortCode})</span>
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      <section className="plan-section plan-objectives" aria-labelledby={`${idBase}-objectives`}>
        <h2 id={`${idBase}-objectives`} className="plan-section__heading">
          Overriding objectives
        </h2>
        {plan.objectivesIntro ? <p className="plan-objectives__intro">{plan.objectivesIntro}</p> : null}
        {objectives.length > 0 ? (
          // role="list" keeps list semantics in Safari/VoiceOver when list-style is removed.
          <ol className="objectives" role="list">
            {objectives.map((objective) => (
              <li
                key={objective.id}
                id={`objective-${objective.number}`}
                className="objective"
                data-testid="objective"
                value={objective.number}
              >
                <span className="objective__number">{objective.number}.</span>{' '}
                <span className="objective__text">{objective.text}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty-state">This plan has no overriding objectives yet.</p>
        )}
      </section>

      <section className="plan-section plan-strands" aria-labelledby={`${idBase}-strands`}>
        <div
          className="table-scroll"
          role="region"
          tabIndex={0}
          aria-label="Plan table: strands, actions and impact. Scroll sideways to see every column."
        >
          <table className="plan-table">
            <caption id={`${idBase}-strands`} className="plan-table__caption">
              The plan by strand
            </caption>
            <colgroup>
              <col className="plan-table__col plan-table__col--reference" />
              <col className="plan-table__col plan-table__col--key" />
              <col className="plan-table__col plan-table__col--actions" />
              <col className="plan-table__col plan-table__col--intended" />
              <col className="plan-table__col plan-table__col--impact" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Collaboration objective reference</th>
                <th scope="col">Key objective/action</th>
                <th scope="col">Specific actions to achieve key objectives</th>
                <th scope="col">The intended outcome/impact</th>
                <th scope="col">Impact to date{plan.impactAsOf ? ` (${plan.impactAsOf})` : ''}</th>
              </tr>
            </thead>
            <tbody>
              {strands.length > 0 ? (
                strands.map((strand) => <StrandRow key={strand.id} strand={strand} schoolNames={schoolNames} />)
              ) : (
                <tr>
                  <td colSpan={5} className="plan-table__empty">
                    This plan has no strands yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section className="plan-section plan-reviews" aria-labelledby={`${idBase}-reviews`}>
        <h2 id={`${idBase}-reviews`} className="plan-section__heading">
          Reviews and sign-off
        </h2>
        {reviews.length > 0 ? (
          reviews.map((review) => <ReviewBlock key={review.id} review={review} />)
        ) : (
          <p className="empty-state">This plan has not been reviewed yet.</p>
        )}
      </section>
    </article>
  );
}

function StrandRow({ strand, schoolNames }: { strand: StrandView; schoolNames: SchoolNames }) {
  const links = linksLabel(strand.objectiveNumbers);
  const actions = byPosition(strand.actions);
  return (
    <tr id={`strand-${strand.id}`} className="strand-row" data-testid="strand-row">
      <th scope="row" className="strand-ref">
        <span className="strand-ref__title">{strand.title}</span>
        {strand.subtitle ? <span className="strand-ref__subtitle">{strand.subtitle}</span> : null}
        {links ? <span className="strand-ref__links">{links}</span> : null}
        {strand.lead ? <span className="strand-ref__lead">Lead: {strand.lead.name}</span> : null}
      </th>
      <td className="strand-key">
        <RichText html={strand.keyObjective} />
      </td>
      <td className="strand-actions">
        {actions.length > 0 ? (
          <ul className="action-list">
            {actions.map((action) => (
              <ActionItem key={action.id} action={action} schoolNames={schoolNames} />
            ))}
          </ul>
        ) : (
          <EmptyValue />
        )}
      </td>
      <td className="strand-intended">
        <RichText html={strand.intendedImpact} />
      </td>
      <td className="strand-impact">
        {strand.impact.length > 0 ? (
          <ul className="impact-list">
            {strand.impact.map((entry) => (
              <ImpactEntry key={entry.id} entry={entry} />
            ))}
          </ul>
        ) : (
          <EmptyValue />
        )}
      </td>
    </tr>
  );
}

function ActionItem({ action, schoolNames }: { action: ActionView; schoolNames: SchoolNames }) {
  return (
    <li id={`action-${action.id}`} className={`action action--${action.status}`} data-testid="action">
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
    </li>
  );
}

function ImpactEntry({ entry }: { entry: ImpactView }) {
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
    </li>
  );
}

function defaultStatement(review: ReviewView): string {
  const who = review.kind === 'jcc' ? 'reviewed by the JCC' : 'monitored and reviewed by the head teachers';
  if (!review.heldOnLabel) return `This action plan was ${who}.`;
  return `This action plan was ${who} ${review.heldOn ? 'on' : 'in'} ${review.heldOnLabel}.`;
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
