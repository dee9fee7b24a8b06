import type { PublicPlanView, PublicReviewView } from '@/lib/presenters/public';
import { RichText } from '@/components/ui/RichText';
import { formatDate, reviewKindLabel } from '@/components/plan/labels';

function linksLabel(numbers: readonly number[]): string | null {
  if (!numbers.length) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  return `Works towards objective${sorted.length > 1 ? 's' : ''} ${sorted.join(', ')}`;
}

function ReviewItem({ review }: { review: PublicReviewView }) {
  const when = review.heldOnLabel ?? (review.heldOn ? formatDate(review.heldOn) : null);
  return (
    <li className="public-review">
      <h3 className="public-review__heading">
        {reviewKindLabel[review.kind]}
        {when ? (
          <>
            ,{' '}
            {review.heldOn ? <time dateTime={review.heldOn}>{when}</time> : when}
          </>
        ) : null}
      </h3>
      {review.statement ? <p className="public-review__statement">{review.statement}</p> : null}
      {review.signatories.length ? (
        <>
          <p className="public-review__signed">Signed by:</p>
          <ul className="public-review__signatories">
            {review.signatories.map((s, i) => (
              <li key={i}>
                <span className="public-review__name">{s.name}</span>, {s.roleLabel}
                {s.schoolName ? `, ${s.schoolName}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

/**
 * The parents' page: a ratified plan as families read it. Only what PublicPlanView allows is
 * here: no actions, owners, authors or contact details.
 */
export function PublicPlan({ plan }: { plan: PublicPlanView }) {
  const ratified = formatDate(plan.ratifiedAt);
  return (
    <article className="public-plan" aria-labelledby="public-plan-title">
      <header className="public-plan__header">
        <p className="public-plan__partnership">{plan.partnershipName}</p>
        <h1 id="public-plan-title" className="public-plan__title">
          {plan.title} <span className="public-plan__year">{plan.yearLabel}</span>
        </h1>
        {plan.note ? <p className="public-plan__note">{plan.note}</p> : null}
        <p className="public-plan__standing">
          Version {plan.versionNumber}
          {ratified && plan.ratifiedAt ? (
            <>
              , approved by the schools’ governing boards on <time dateTime={plan.ratifiedAt}>{ratified}</time>
            </>
          ) : (
            ', approved by the schools’ governing boards'
          )}
          .
        </p>
        {plan.schools.length ? (
          <>
            <h2 className="visually-hidden">The schools</h2>
            <ul className="public-plan__schools">
              {plan.schools.map((s) => (
                <li key={s.shortCode}>{s.name}</li>
              ))}
            </ul>
          </>
        ) : null}
      </header>

      <section className="public-plan__section" aria-labelledby="public-objectives">
        <h2 id="public-objectives">Our objectives</h2>
        {plan.objectivesIntro ? <p>{plan.objectivesIntro}</p> : null}
        <ol className="public-objectives">
          {plan.objectives.map((o) => (
            <li key={o.number} value={o.number}>
              {o.text}
            </li>
          ))}
        </ol>
      </section>

      <section className="public-plan__section" aria-labelledby="public-strands">
        <h2 id="public-strands">What we are working on</h2>
        {plan.strands.map((s, i) => {
          const links = linksLabel(s.objectiveNumbers);
          return (
            <section key={i} className="public-strand" aria-labelledby={`public-strand-${i}`}>
              <h3 id={`public-strand-${i}`} className="public-strand__title">
                {s.title}
                {s.subtitle ? <span className="public-strand__subtitle"> {s.subtitle}</span> : null}
              </h3>
              {links ? <p className="public-strand__links">{links}</p> : null}
              <h4 className="public-strand__label">What we aim to do</h4>
              <RichText html={s.keyObjective} />
              <h4 className="public-strand__label">The difference we intend it to make</h4>
              <RichText html={s.intendedImpact} />
              <h4 className="public-strand__label">Impact so far{plan.impactAsOf ? ` (as of ${plan.impactAsOf})` : ''}</h4>
              {s.impact.length ? (
                <ul className="public-strand__impact">
                  {s.impact.map((entry, j) => (
                    <li key={j}>
                      <RichText html={entry.text} />
                      {entry.dateLabel ? (
                        <p className="public-strand__date">{entry.date ? <time dateTime={entry.date}>{entry.dateLabel}</time> : entry.dateLabel}</p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="public-strand__none">Nothing recorded yet.</p>
              )}
            </section>
          );
        })}
      </section>

      <section className="public-plan__section" aria-labelledby="public-reviews">
        <h2 id="public-reviews">Reviews</h2>
        {plan.reviews.length ? (
          <ol className="public-reviews">
            {plan.reviews.map((r, i) => (
              <ReviewItem key={i} review={r} />
            ))}
          </ol>
        ) : (
          <p>No reviews are recorded for this version yet.</p>
        )}
      </section>

      <footer className="public-plan__footer">
        <p>
          Published by {plan.partnershipName} on <time dateTime={plan.publishedAt}>{formatDate(plan.publishedAt)}</time>. This page shows
          the version of the plan the governing boards approved; it changes when they approve a new one.
        </p>
      </footer>
    </article>
  );
}
