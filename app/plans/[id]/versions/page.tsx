import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { CompareForm, VersionsTable } from '@/components/governance/snapshot/VersionsTable';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { listPlanVersions } from '@/lib/queries/versions';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const load = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${id}/versions`)}`);
  try {
    return await listPlanVersions(getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [newest] = await load((await params).id);
  return { title: `Versions · ${newest?.title ?? 'Plan'}` };
}

/** Every version of a plan with its status, and a form to compare any two. */
export default async function VersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const versions = await load(id);
  const newest = versions[0];
  return (
    <div className="page governance-document">
      <p className="no-print">
        <Link href={`/plans/${id}`}>Back to the plan</Link>
      </p>
      <div className="page-heading">
        <h1>Versions of {newest ? `${newest.title} ${newest.academicYearLabel}` : 'this plan'}</h1>
      </div>
      <p className="lead">
        A ratified plan is read-only; amending it opens a new draft version with everything carried over. Every version is kept.
      </p>
      <VersionsTable versions={versions} currentId={id} />
      {versions.length > 1 ? (
        <section className="governance-section" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare two versions</h2>
          <CompareForm planId={id} versions={versions} />
        </section>
      ) : (
        <p>There is only one version so far, so there is nothing to compare.</p>
      )}
    </div>
  );
}
