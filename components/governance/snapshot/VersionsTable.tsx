import Link from 'next/link';
import type { PlanVersionView } from '@/lib/presenters/governance';
import { PlanStatusBadge } from '@/components/plan/PlanStatusBadge';
import { formatDate, planStatusLabel } from '@/components/plan/labels';

/** Every version of a plan, newest first, with its status, dates and links. */
export function VersionsTable({ versions, currentId }: { versions: readonly PlanVersionView[]; currentId: string }) {
  const newest = versions[0];
  return (
    <div className="table-scroll">
      <table className="data-table versions-table">
        <caption className="visually-hidden">Versions of this plan, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Ratified</th>
            <th scope="col">Compare</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} className={v.id === currentId ? 'versions-table__current' : undefined}>
              <th scope="row">
                <Link href={`/plans/${v.id}`}>Version {v.versionNumber}</Link>
                {v.id === currentId ? <span className="versions-table__here"> (the one you came from)</span> : null}
              </th>
              <td>
                {v.title} {v.academicYearLabel}
                {v.note ? <span className="versions-table__note">{v.note}</span> : null}
              </td>
              <td>
                <PlanStatusBadge status={v.status} />
                {v.superseded ? <span className="versions-table__superseded"> Superseded by a later ratified version</span> : null}
              </td>
              <td>
                <time dateTime={v.createdAt}>{formatDate(v.createdAt)}</time>
              </td>
              <td>{v.ratifiedAt ? <time dateTime={v.ratifiedAt}>{formatDate(v.ratifiedAt)}</time> : <span aria-label="Not ratified">–</span>}</td>
              <td>
                {newest && v.id !== newest.id ? (
                  <Link href={`/plans/${newest.id}/compare?with=${v.id}`}>
                    Compare with version {newest.versionNumber}
                    <span className="visually-hidden"> (version {v.versionNumber} against the newest)</span>
                  </Link>
                ) : (
                  <span className="versions-table__none">Newest</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Picks any two versions to compare. A plain GET form, so it works without JavaScript:
 * `/plans/<from>/compare?from=<id>&with=<id>` (the compare page reads both).
 */
export function CompareForm({
  planId,
  versions,
  from,
  with: withId,
}: {
  planId: string;
  versions: readonly PlanVersionView[];
  from?: string;
  with?: string;
}) {
  const older = versions[1] ?? versions[0];
  return (
    <form className="compare-form" method="get" action={`/plans/${planId}/compare`}>
      <div className="field">
        <label htmlFor="compare-from" className="field__label">
          Compare version
        </label>
        <select id="compare-from" name="from" className="field__input field__select" defaultValue={from ?? older?.id}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              Version {v.versionNumber} ({planStatusLabel[v.status]})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="compare-with" className="field__label">
          with version
        </label>
        <select id="compare-with" name="with" className="field__input field__select" defaultValue={withId ?? versions[0]?.id}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              Version {v.versionNumber} ({planStatusLabel[v.status]})
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Compare
      </button>
    </form>
  );
}
