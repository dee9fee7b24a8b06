import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PrintButton } from '@/components/governance/pack/PrintButton';
import { RecommendationsRecord } from '@/components/governance/pack/RecommendationsRecord';
import { SignatureRecord } from '@/components/governance/snapshot/SignatureRecord';
import { londonTime, utcIso } from '@/components/governance/snapshot/format';
import { snapshotDocument } from '@/components/governance/snapshot/sign-off';
import { PlanDocument } from '@/components/plan/PlanDocument';
import { RichText } from '@/components/ui/RichText';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { publicOrigin } from '@/lib/mail/origin';
import { getReviewSnapshot } from '@/lib/queries/snapshots';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const load = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/reviews/${id}/pack`)}`);
  try {
    return await getReviewSnapshot(getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { review } = await load((await params).id);
  return { title: `Board pack · ${review.kindLabel}${review.heldOnLabel ? `, ${review.heldOnLabel}` : ''} · ${review.plan.title}` };
}

/**
 * A review's board pack, made to be printed on A4: the frozen plan laid out like the document, its
 * sign-off block, the review's record, recommendations and board decisions, and a final page
 * listing every signature with its exact time and the hash it signed.
 */
export default async function BoardPackPage({ params }: { params: Promise<{ id: string }> }) {
  const { review, snapshot } = await load((await params).id);
  const reviewName = `${review.kindLabel}${review.heldOnLabel ? `, ${review.heldOnLabel}` : ''}`;
  const snapshotAddress = `${publicOrigin(await headers())}/reviews/${review.id}/snapshot`;
  const printedAt = new Date().toISOString();

  if (!snapshot) {
    return (
      <div className="page governance-document">
        <p className="no-print">
          <Link href={`/reviews/${review.id}`}>Back to the review</Link>
        </p>
        <h1>Board pack: {reviewName}</h1>
        <p className="lead">
          This review was imported from a paper document, so jointplan holds no frozen snapshot or signature record to print for it.
          Print the plan from its page instead.
        </p>
      </div>
    );
  }

  return (
    <div className="page governance-document board-pack">
      <div className="board-pack__toolbar no-print">
        <p>
          <Link href={`/reviews/${review.id}`}>Back to the review</Link>
        </p>
        <PrintButton />
        <p className="field__hint">Prints on A4, landscape, without the site’s menus. The last page lets a reader check the copy.</p>
      </div>

      <p className="board-pack__cover">
        Board pack · {review.partnership.name} · {reviewName} · plan version {snapshot.content.versionNumber} · prepared{' '}
        <time dateTime={printedAt}>{londonTime(printedAt)}</time>
      </p>

      <PlanDocument plan={snapshotDocument(snapshot, review)} />

      <section className="pack-page" aria-labelledby="pack-review">
        <h2 id="pack-review" className="plan-section__heading">
          The review
        </h2>
        <dl className="pack-facts">
          <div>
            <dt>Review</dt>
            <dd>{reviewName}</dd>
          </div>
          {review.attendees ? (
            <div>
              <dt>Attendees</dt>
              <dd>{review.attendees}</dd>
            </div>
          ) : null}
          <div>
            <dt>Signatures</dt>
            <dd>
              {review.completedAt ? (
                <>
                  Complete: every required line signed by <time dateTime={utcIso(review.completedAt)}>{londonTime(review.completedAt)}</time>
                </>
              ) : (
                `${review.lines.filter((l) => l.signature).length} of ${review.lines.length} required signatures given`
              )}
            </dd>
          </div>
        </dl>
        <h3 className="pack-subheading">Minutes</h3>
        <RichText html={review.minutes} className="pack-minutes" />
      </section>

      <section className="pack-page" aria-labelledby="pack-recommendations">
        <h2 id="pack-recommendations" className="plan-section__heading">
          Recommendations and board decisions
        </h2>
        <RecommendationsRecord recommendations={review.recommendations} />
      </section>

      <section className="pack-page pack-page--record" aria-labelledby="pack-record">
        <h2 id="pack-record" className="plan-section__heading">
          Signature record
        </h2>
        <SignatureRecord lines={review.lines} snapshotHash={snapshot.hash} caption={`Every signature given on the ${reviewName}, withdrawn ones included`} />
        <div className="pack-check">
          <p>
            <strong>SHA-256 of the snapshot:</strong> <code className="hash">{snapshot.hash}</code>
          </p>
          <p>
            To check this printed copy, open <span className="pack-check__address">{snapshotAddress}</span> in jointplan (signed in as a
            member of the partnership). The page must show the same SHA-256 and say “Verified: Yes”, and each signature there must show the
            same time and hash as above. If anything differs, this copy is not the plan that was signed.
          </p>
        </div>
      </section>
    </div>
  );
}
