import type { ReviewDetailView } from '@/lib/presenters/governance';
import type { PlanView, ReviewView } from '@/lib/presenters/types';
import type { SnapshotView } from '@/lib/queries/snapshots';
import { viewOfContent } from '@/lib/governance/content';

/**
 * The review's sign-off block as the plan document prints it: its statement and the signatures
 * standing now (withdrawn ones are in the signature record, not in the block).
 */
export function signOffOf(review: ReviewDetailView): ReviewView {
  return {
    id: review.id,
    position: 1,
    kind: review.kind,
    status: review.status,
    heldOn: review.heldOn,
    heldOnLabel: review.heldOnLabel,
    statement: review.statement,
    signing: review.status === 'historical' ? null : { signed: review.lines.filter((l) => l.signature).length, required: review.lines.length },
    signatures: [...review.lines]
      .sort((a, b) => a.position - b.position)
      .flatMap((line) =>
        line.signature
          ? [{ id: line.signature.id, name: line.signature.name, roleLabel: line.roleLabel, schoolName: line.schoolName, imported: false, signedAt: line.signature.signedAt }]
          : [],
      ),
  };
}

/** The frozen plan laid out as the plan document, ending with this review's sign-off block. */
export function snapshotDocument(snapshot: SnapshotView, review: ReviewDetailView): PlanView {
  return { ...viewOfContent(snapshot.content, snapshot.takenAt), reviews: [signOffOf(review)] };
}
