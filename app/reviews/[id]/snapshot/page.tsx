import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PlanDiff } from '@/components/governance/PlanDiff';
import { SignatureRecord } from '@/components/governance/snapshot/SignatureRecord';
import { SnapshotSummary } from '@/components/governance/snapshot/SnapshotSummary';
import { londonTime } from '@/components/governance/snapshot/format';
import { snapshotDocument } from '@/components/governance/snapshot/sign-off';
import { PlanDocument } from '@/components/plan/PlanDocument';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getReviewSnapshot, snapshotDiffOf } from '@/lib/queries/snapshots';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const load = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/reviews/${id}/snapshot`)}`);
  try {
    const db = getDb();
    const { review, snapshot } = await getReviewSnapshot(db, actor, id);
    const since = snapshot ? await snapshotDiffOf(db, snapshot) : null;
    return { review, snapshot, since };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { review } = await load((await params).id);
  return { title: `Signed snapshot · ${review.kindLabel} · ${review.plan.title}` };
}

/** The plan exactly as the review froze it, who signed it, and what has changed since. */
export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const { review, snapshot, since } = await load((await params).id);
  const reviewName = `${review.kindLabel}${review.heldOnLabel ? `, ${review.heldOnLabel}` : ''}`;
  const nav = (
    <nav className="snapshot-nav" aria-label="This review">
      <ul>
        <li>
          <Link href={`/reviews/${review.id}`}>Back to the review</Link>
        </li>
        <li>
          <Link href={`/reviews/${review.id}/pack`}>Board pack (printable)</Link>
        </li>
        <li>
          <Link href={`/plans/${review.planId}`}>The plan as it is now</Link>
        </li>
      </ul>
    </nav>
  );

  if (!snapshot) {
    return (
      <div className="page governance-document">
        {nav}
        <h1>{reviewName}</h1>
        <p className="lead">
          This review was imported from a paper document, so jointplan holds no frozen snapshot of the plan for it. Its signatures are
          shown on the plan as printed.
        </p>
      </div>
    );
  }

  return (
    <div className="page governance-document snapshot-page">
      {nav}
      <section className="snapshot-banner" aria-label="About this snapshot">
        <p className="snapshot-banner__title">
          <strong>Signed snapshot</strong> for the {reviewName} of {review.plan.title}, version {snapshot.content.versionNumber}
        </p>
        <p className="snapshot-banner__lead">
          This is the plan exactly as it stood when the review started. Later edits to the plan never change it.
        </p>
        <SnapshotSummary snapshot={snapshot} />
      </section>

      <PlanDocument plan={snapshotDocument(snapshot, review)} />

      <section className="governance-section" aria-labelledby="snapshot-signatures">
        <h2 id="snapshot-signatures">Who signed, and when</h2>
        {review.lines.length ? (
          <SignatureRecord lines={review.lines} snapshotHash={snapshot.hash} caption={`Signatures of the ${reviewName}`} />
        ) : (
          <p>This review needs no signatures.</p>
        )}
      </section>

      {since ? (
        <PlanDiff
          diff={since.diff}
          idBase="snapshot-since"
          heading="What has changed since"
          since={`this snapshot was taken (${londonTime(snapshot.takenAt)})`}
        />
      ) : null}
    </div>
  );
}
