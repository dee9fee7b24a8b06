import Link from 'next/link';
import type { ReviewView, SignatureView } from '@/lib/presenters/types';
import { Badge } from '@/components/ui/Badge';
import { formatDateTime, reviewKindLabel, reviewStatusLabel, reviewStatusTone } from '../labels';
import { byPosition } from './order';

/**
 * A review as the plan page shows it. `signing` (how many of the required lines are signed) is
 * given for reviews held in jointplan; imported reviews were signed on paper.
 */
export type ReviewBlockView = ReviewView & { signing?: { signed: number; required: number } | null };

/** The reviews and sign-off section: each review links to its page, where it is signed. */
export function ReviewsSection({ idBase, reviews }: { idBase: string; reviews: readonly ReviewBlockView[] }) {
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

function defaultStatement(review: ReviewView): string {
  const who = review.kind === 'jcc' ? 'reviewed by the JCC' : 'monitored and reviewed by the head teachers';
  if (!review.heldOnLabel) return `This action plan was ${who}.`;
  return `This action plan was ${who} ${review.heldOn ? 'on' : 'in'} ${review.heldOnLabel}.`;
}

function ReviewBlock({ review }: { review: ReviewBlockView }) {
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
      <p className="review__progress no-print" data-testid="review-progress">
        <Link href={`/reviews/${review.id}`} aria-describedby={headingId}>
          Open the review
        </Link>
        {review.signing ? ` · ${review.signing.signed} of ${review.signing.required} signed` : null}
      </p>
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
