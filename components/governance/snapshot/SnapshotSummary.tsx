import type { SnapshotView } from '@/lib/queries/snapshots';
import { londonTime, utcIso } from './format';

/**
 * What identifies a snapshot: its SHA-256, when and by whom it was taken, and whether its content
 * still gives that hash. The verification is stated in words, not only by colour.
 */
export function SnapshotSummary({ snapshot }: { snapshot: SnapshotView }) {
  return (
    <dl className="snapshot-summary">
      <div className="snapshot-summary__row">
        <dt>SHA-256</dt>
        <dd>
          <code className="hash" data-testid="snapshot-hash">
            {snapshot.hash}
          </code>
        </dd>
      </div>
      <div className="snapshot-summary__row">
        <dt>Taken</dt>
        <dd>
          <time dateTime={utcIso(snapshot.takenAt)}>{londonTime(snapshot.takenAt)}</time>
          {snapshot.takenBy ? ` by ${snapshot.takenBy}` : null}, when the review started
        </dd>
      </div>
      <div className="snapshot-summary__row">
        <dt>Verified</dt>
        <dd>
          {snapshot.verified ? (
            <span className="verified verified--yes" data-testid="snapshot-verified">
              <span aria-hidden="true">✓ </span>Yes: hashing the content again gives the same SHA-256, so it is exactly what was signed.
            </span>
          ) : (
            <strong className="verified verified--no" role="alert" data-testid="snapshot-verified">
              <span aria-hidden="true">✗ </span>No: the stored content no longer gives this SHA-256. Do not rely on this copy; tell your
              partnership admin.
            </strong>
          )}
        </dd>
      </div>
    </dl>
  );
}
