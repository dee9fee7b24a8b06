'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { RichText } from '@/components/ui/RichText';
import { formatDate, formatDateTime, planStatusLabel, reviewStatusLabel, reviewStatusTone } from '@/components/plan/labels';
import { RealtimeProvider, useRealtime } from '@/components/realtime/RealtimeProvider';
import type { BoardStandingView, GivenSignatureView, RecommendationView, ReviewDetailView, SignatureLineView } from '@/lib/presenters/governance';
import { BoardDecisionDialog } from './BoardDecisionDialog';
import { boardDecisionLabel, boardDecisionTone, recommendationStatusLabel, recommendationStatusTone } from './labels';
import { MinutesEditor } from './MinutesEditor';
import { RecommendationForm } from './RecommendationForm';
import { ReviewDetailsForm } from './ReviewDetailsForm';
import { SignDialog } from './SignDialog';
import { WithdrawDialog } from './WithdrawDialog';

type Dialog =
  | { kind: 'sign'; line: SignatureLineView }
  | { kind: 'withdraw'; line: SignatureLineView }
  | { kind: 'decide'; recommendation: RecommendationView; board: BoardStandingView };

/**
 * A review's page: its meeting, the frozen snapshot it signs, the signature lines (signing and
 * withdrawing in place), the JCC's recommendations with each board's standing, and the minutes
 * co-edited live. Live on the review's plan: any committed change there (a signature arriving, a
 * decision) refreshes the page.
 */
export function ReviewDetail({ review, lastChangeId }: { review: ReviewDetailView; lastChangeId: string | null }) {
  return (
    <RealtimeProvider planId={review.planId} lastChangeId={lastChangeId}>
      <LiveReviewDetail review={review} />
    </RealtimeProvider>
  );
}

function LiveReviewDetail({ review }: { review: ReviewDetailView }) {
  const { connection, ended } = useRealtime();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [editingDetails, setEditingDetails] = useState(false);
  const [recommending, setRecommending] = useState(false);
  const [status, setStatus] = useState<{ id: number; text: string } | null>(null);
  const announce = useCallback((text: string) => setStatus((prev) => ({ id: (prev?.id ?? 0) + 1, text })), []);
  useEffect(() => {
    if (!status) return;
    const timer = window.setTimeout(() => setStatus((current) => (current?.id === status.id ? { id: status.id, text: '' } : current)), 8000);
    return () => window.clearTimeout(timer);
  }, [status]);

  const idBase = `review-${review.id}`;
  const schools = useMemo(() => {
    const byId = new Map<string, string>();
    for (const line of review.lines) byId.set(line.schoolId, line.schoolName);
    return [...byId].map(([id, name]) => ({ id, name }));
  }, [review.lines]);
  const signedCount = review.lines.filter((l) => l.signature).length;
  const closeDialog = () => setDialog(null);
  const done = (message: string) => {
    announce(message);
    setDialog(null);
  };

  return (
    <article className="review-page" aria-labelledby={`${idBase}-title`}>
      <p className="review-page__back no-print">
        <Link href={`/plans/${review.plan.id}`}>
          ← {review.plan.title} {review.plan.academicYearLabel}, version {review.plan.versionNumber} ({planStatusLabel[review.plan.status].toLowerCase()})
        </Link>
      </p>
      <header className="review-page__header">
        <h1 id={`${idBase}-title`} className="review-page__title">
          {review.kindLabel}
          {review.heldOnLabel ? `, ${review.heldOnLabel}` : ''}
        </h1>
        <p className="review-page__status" data-testid="review-status">
          <Badge tone={reviewStatusTone[review.status]}>{reviewStatusLabel[review.status]}</Badge>{' '}
          {review.status === 'complete' && review.completedAt ? (
            <span>
              Every required signature given; complete since <time dateTime={review.completedAt}>{formatDateTime(review.completedAt)}</time>.
            </span>
          ) : review.status === 'open' ? (
            <span>
              {signedCount} of {review.lines.length} signed.
            </span>
          ) : null}
        </p>
        {ended ? (
          <p className="page-alert" role="alert">
            {ended.message}
          </p>
        ) : connection === 'reconnecting' ? (
          <p className="review-page__connection" role="status">
            Reconnecting: new signatures will show when the connection is back.
          </p>
        ) : null}
      </header>

      <section className="review-section" aria-labelledby={`${idBase}-meeting`}>
        <h2 id={`${idBase}-meeting`}>The meeting</h2>
        <dl className="review-facts">
          <div>
            <dt>Plan</dt>
            <dd>
              {review.plan.title} {review.plan.academicYearLabel}, version {review.plan.versionNumber} · {review.partnership.name}
            </dd>
          </div>
          <div>
            <dt>Date</dt>
            <dd>{review.heldOn ? formatDate(review.heldOn) : (review.heldOnLabel ?? 'Not set')}</dd>
          </div>
          <div>
            <dt>Attendees</dt>
            <dd className="review-facts__attendees">{review.attendees?.trim() ? review.attendees : 'Not recorded'}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <time dateTime={review.createdAt}>{formatDateTime(review.createdAt)}</time>
              {review.createdBy ? ` by ${review.createdBy}` : ''}
            </dd>
          </div>
        </dl>
        {review.permissions.edit ? (
          editingDetails ? (
            <ReviewDetailsForm review={review} formId={`${idBase}-details`} onDone={announce} onClose={() => setEditingDetails(false)} />
          ) : (
            <div className="editor-controls no-print">
              <Button variant="secondary" size="small" onClick={() => setEditingDetails(true)}>
                Edit date and attendees
              </Button>
            </div>
          )
        ) : null}
      </section>

      {review.snapshot ? (
        <section className="review-section review-snapshot" aria-labelledby={`${idBase}-snapshot`}>
          <h2 id={`${idBase}-snapshot`}>What is signed</h2>
          <p>
            The plan as it stood when this review started, frozen: later changes to the plan never change it. Taken{' '}
            <time dateTime={review.snapshot.takenAt}>{formatDateTime(review.snapshot.takenAt)}</time>
            {review.snapshot.takenBy ? ` by ${review.snapshot.takenBy}` : ''}.
          </p>
          <p>
            Fingerprint (SHA-256): <code className="snapshot-hash" data-testid="snapshot-hash">{review.snapshot.hash}</code>
          </p>
          <ul className="review-links no-print">
            <li>
              <Link href={`/reviews/${review.id}/snapshot`}>Open the signed snapshot and what has changed since</Link>
            </li>
            <li>
              <Link href={`/reviews/${review.id}/pack`}>Board pack (printable)</Link>
            </li>
          </ul>
        </section>
      ) : null}

      <section className="review-section" aria-labelledby={`${idBase}-signatures`}>
        <h2 id={`${idBase}-signatures`}>Signatures</h2>
        {review.lines.length > 0 ? (
          <ul className="signature-lines">
            {review.lines.map((line) => (
              <SignatureLine
                key={line.id}
                line={line}
                onSign={() => setDialog({ kind: 'sign', line })}
                onWithdraw={() => setDialog({ kind: 'withdraw', line })}
              />
            ))}
          </ul>
        ) : null}
        {review.importedSignatures.length > 0 ? (
          <>
            <p>Signed on paper, as printed in the imported document:</p>
            <ul className="signatories">
              {review.importedSignatures.map((s) => (
                <li key={s.id} className="signatory">
                  <span className="signatory__name">{s.name}</span> <span className="signatory__role">{s.roleLabel}</span>
                  {s.schoolName ? <span className="signatory__school"> {s.schoolName}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {review.lines.length === 0 && review.importedSignatures.length === 0 ? <p className="empty-state">No signatures are needed.</p> : null}
      </section>

      {review.kind === 'jcc' || review.recommendations.length > 0 ? (
        <section className="review-section" aria-labelledby={`${idBase}-recommendations`}>
          <h2 id={`${idBase}-recommendations`}>Recommendations of the JCC</h2>
          <p className="field__hint">The JCC recommends; each school’s governing board authorises for its own school.</p>
          {review.recommendations.length > 0 ? (
            <ol className="recommendations">
              {review.recommendations.map((r) => (
                <Recommendation key={r.id} recommendation={r} onRecord={(board) => setDialog({ kind: 'decide', recommendation: r, board })} />
              ))}
            </ol>
          ) : (
            <p className="empty-state">No recommendation recorded yet.</p>
          )}
          {review.permissions.recommend ? (
            recommending ? (
              <RecommendationForm
                reviewId={review.id}
                formId={`${idBase}-recommend`}
                schools={schools}
                onDone={announce}
                onClose={() => setRecommending(false)}
              />
            ) : (
              <div className="editor-controls no-print">
                <Button variant="secondary" size="small" onClick={() => setRecommending(true)}>
                  Record a recommendation
                </Button>
              </div>
            )
          ) : null}
        </section>
      ) : null}

      <section className="review-section" aria-labelledby={`${idBase}-minutes`}>
        <h2 id={`${idBase}-minutes`}>Minutes</h2>
        {review.permissions.edit ? (
          <MinutesEditor reviewId={review.id} storedHtml={review.minutes} idBase={`${idBase}-minutes-editor`} />
        ) : (
          <RichText html={review.minutes} className="review-minutes" />
        )}
      </section>

      <div className="plan-editor__status no-print" role="status" aria-live="polite">
        {status && status.text ? <span key={status.id}>{status.text}</span> : null}
      </div>

      {dialog?.kind === 'sign' ? (
        <SignDialog reviewId={review.id} line={dialog.line} snapshotHash={review.snapshot?.hash ?? null} onDone={done} onClose={closeDialog} />
      ) : dialog?.kind === 'withdraw' ? (
        <WithdrawDialog reviewId={review.id} line={dialog.line} onDone={done} onClose={closeDialog} />
      ) : dialog?.kind === 'decide' ? (
        <BoardDecisionDialog recommendation={dialog.recommendation} board={dialog.board} onDone={done} onClose={closeDialog} />
      ) : null}
    </article>
  );
}

function Signed({ signature, label }: { signature: GivenSignatureView; label: string }) {
  return (
    <span className="signature-line__signed">
      {label} {signature.name}, <time dateTime={signature.signedAt}>{formatDateTime(signature.signedAt)}</time>
    </span>
  );
}

function SignatureLine({ line, onSign, onWithdraw }: { line: SignatureLineView; onSign: () => void; onWithdraw: () => void }) {
  const headingId = `line-${line.id}`;
  return (
    <li className={`signature-line${line.signature ? ' signature-line--signed' : ''}`} data-testid="signature-line" aria-labelledby={headingId}>
      <p id={headingId} className="signature-line__who">
        <span className="signature-line__role">{line.roleLabel}</span>, <span className="signature-line__school">{line.schoolName}</span>
      </p>
      <p className="signature-line__state">
        {line.signature ? <Signed signature={line.signature} label="Signed by" /> : <span className="signature-line__waiting">Waiting for signature</span>}
      </p>
      {line.canSign || line.canWithdraw ? (
        <div className="editor-controls no-print">
          {line.canSign ? (
            <Button size="small" onClick={onSign}>
              Sign as {line.roleLabel.toLowerCase()}, {line.schoolName}
            </Button>
          ) : null}
          {line.canWithdraw ? (
            <Button variant="secondary" size="small" onClick={onWithdraw}>
              Withdraw my signature
            </Button>
          ) : null}
        </div>
      ) : null}
      {line.withdrawn.length > 0 ? (
        <ul className="signature-line__history" aria-label={`Withdrawn signatures: ${line.roleLabel}, ${line.schoolName}`}>
          {line.withdrawn.map((w) =>
            w.withdrawal ? (
              <li key={w.id}>
                <Signed signature={w} label="Signed by" />; withdrawn <time dateTime={w.withdrawal.withdrawnAt}>{formatDateTime(w.withdrawal.withdrawnAt)}</time>:{' '}
                “{w.withdrawal.reason}”
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
    </li>
  );
}

function Recommendation({ recommendation: r, onRecord }: { recommendation: RecommendationView; onRecord: (board: BoardStandingView) => void }) {
  const headingId = `recommendation-${r.id}`;
  const approved = r.boards.filter((b) => b.decision === 'approved').length;
  return (
    <li className="recommendation" data-testid="recommendation" aria-labelledby={headingId}>
      <h3 id={headingId} className="recommendation__heading">
        {r.typeLabel}
        {r.subjectSchool ? `: ${r.subjectSchool.name}` : ''}
      </h3>
      <p className="recommendation__meta">
        <Badge tone={recommendationStatusTone[r.status]}>{recommendationStatusLabel[r.status]}</Badge> Recommended{' '}
        {formatDate(r.recommendedOn) ?? r.recommendedOn} by the JCC (recorded by {r.createdBy}). {r.ruleLabel}.
      </p>
      {r.text ? <p className="recommendation__text">{r.text}</p> : null}
      {r.status === 'rejected' && r.rejectionReason ? (
        <p className="recommendation__rejection" role="note">
          Rejected: {r.rejectionReason}
        </p>
      ) : null}
      {r.boards.length > 0 ? (
        <>
          <p className="recommendation__tally">
            Authorised by {approved} of {r.boards.length} {r.boards.length === 1 ? 'board' : 'boards'}.
          </p>
          <table className="data-table board-standing">
            <caption className="visually-hidden">Governing boards’ decisions on “{r.typeLabel}”</caption>
            <thead>
              <tr>
                <th scope="col">Governing board</th>
                <th scope="col">Decision</th>
                <th scope="col">Meeting and minute</th>
                <th scope="col" className="no-print">
                  <span className="visually-hidden">Record</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {r.boards.map((board) => (
                <tr key={board.schoolId} data-testid="board-standing">
                  <th scope="row">{board.schoolName}</th>
                  <td>
                    <Badge tone={boardDecisionTone[board.decision]}>{boardDecisionLabel[board.decision]}</Badge>
                    {board.latest ? (
                      <span className="board-standing__by">
                        {' '}
                        recorded by {board.latest.recordedBy} ({board.latest.roleLabel})
                        {board.latest.reason ? `: “${board.latest.reason}”` : ''}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {board.latest
                      ? `${formatDate(board.latest.meetingDate) ?? board.latest.meetingDate}${board.latest.minuteReference ? `, minute ${board.latest.minuteReference}` : ''}`
                      : '—'}
                  </td>
                  <td className="no-print">
                    {board.canRecord ? (
                      <Button size="small" variant="secondary" onClick={() => onRecord(board)}>
                        Record {board.schoolName} board’s decision
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {r.decisions.length > r.boards.filter((b) => b.latest).length ? (
        <details className="recommendation__history">
          <summary>Every decision recorded ({r.decisions.length})</summary>
          <ul>
            {r.decisions.map((d) => (
              <li key={d.id}>
                {d.schoolName}: {boardDecisionLabel[d.decision].toLowerCase()} at the meeting of {formatDate(d.meetingDate) ?? d.meetingDate}
                {d.reason ? ` (“${d.reason}”)` : ''}, recorded by {d.recordedBy} on{' '}
                <time dateTime={d.recordedAt}>{formatDateTime(d.recordedAt)}</time>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}
