import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { PlanDiff } from '@/components/governance/PlanDiff';
import { CompareForm } from '@/components/governance/snapshot/VersionsTable';
import { planStatusLabel } from '@/components/plan/labels';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { comparePlans, listPlanVersions } from '@/lib/queries/versions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare versions' };

type SearchParams = Promise<{ [key: string]: string | string[] | undefined }>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Two versions of a plan compared, older to newer: `/plans/<id>/compare?with=<id>`, or from the
 * versions page's form, `?from=<id>&with=<id>`.
 */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${id}/compare`)}`);
  const db = getDb();
  const from = single(query.from) ?? id;
  const withId = single(query.with);

  const versions = await listPlanVersions(db, actor, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  let comparison: Awaited<ReturnType<typeof comparePlans>> | null = null;
  let problem: string | null = null;
  if (!withId) {
    problem = 'Choose the two versions to compare.';
  } else {
    try {
      comparison = await comparePlans(db, actor, from, withId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A version of another partnership or plan: the same answer, without saying which.
      problem = error.code === 'not_found' ? 'One of those versions was not found.' : error.message;
    }
  }

  return (
    <div className="page governance-document">
      <p className="no-print">
        <Link href={`/plans/${id}/versions`}>All versions</Link> · <Link href={`/plans/${id}`}>Back to the plan</Link>
      </p>
      <div className="page-heading">
        <h1>
          {comparison
            ? `Version ${comparison.before.versionNumber} compared with version ${comparison.after.versionNumber}`
            : 'Compare versions'}
        </h1>
      </div>
      {comparison ? (
        <>
          <p className="lead">
            {comparison.after.title} {comparison.after.academicYearLabel}. Version {comparison.before.versionNumber} is{' '}
            {planStatusLabel[comparison.before.status].toLowerCase()}; version {comparison.after.versionNumber} is{' '}
            {planStatusLabel[comparison.after.status].toLowerCase()}.
          </p>
          <PlanDiff
            diff={comparison.diff}
            idBase="compare"
            heading={`What changed from version ${comparison.before.versionNumber} to version ${comparison.after.versionNumber}`}
            since={`version ${comparison.before.versionNumber}`}
          />
        </>
      ) : (
        <p className="page-alert" role="alert">
          {problem}
        </p>
      )}
      {versions.length > 1 ? (
        <section className="governance-section no-print" aria-labelledby="compare-again">
          <h2 id="compare-again">Compare other versions</h2>
          <CompareForm planId={id} versions={versions} from={comparison?.before.id} with={comparison?.after.id} />
        </section>
      ) : null}
    </div>
  );
}
