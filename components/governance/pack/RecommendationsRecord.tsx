import type { BoardDecisionView, RecommendationView } from '@/lib/presenters/governance';
import { boardDecisionLabel, recommendationStatusLabel } from '@/components/governance/review/labels';
import { formatDate } from '@/components/plan/labels';
import { londonTime, utcIso } from '../snapshot/format';

function Decision({ decision }: { decision: BoardDecisionView }) {
  return (
    <li className="pack-decision">
      <strong>{decision.schoolName}</strong>: {boardDecisionLabel[decision.decision]} at the board meeting of{' '}
      <time dateTime={decision.meetingDate}>{formatDate(decision.meetingDate) ?? decision.meetingDate}</time>
      {decision.minuteReference ? `, minute ${decision.minuteReference}` : ''}.
      {decision.reason ? <span className="pack-decision__reason"> Reason: {decision.reason}</span> : null}
      <span className="pack-decision__recorded">
        {' '}
        Recorded by {decision.recordedBy}, {decision.roleLabel}, <time dateTime={utcIso(decision.recordedAt)}>{londonTime(decision.recordedAt)}</time>.
      </span>
    </li>
  );
}

/** The JCC's recommendations of a review, each board's standing and every decision recorded so far. */
export function RecommendationsRecord({ recommendations }: { recommendations: readonly RecommendationView[] }) {
  if (!recommendations.length) return <p>The review has recorded no recommendations so far.</p>;
  return (
    <ol className="pack-recommendations">
      {recommendations.map((r) => (
        <li key={r.id} className="pack-recommendation">
          <h3 className="pack-recommendation__heading">{r.typeLabel}</h3>
          {r.text ? <p className="pack-recommendation__text">{r.text}</p> : null}
          <dl className="pack-facts">
            <div>
              <dt>Recommended</dt>
              <dd>
                <time dateTime={r.recommendedOn}>{formatDate(r.recommendedOn) ?? r.recommendedOn}</time> by the JCC (recorded by {r.createdBy})
              </dd>
            </div>
            {r.subjectSchool ? (
              <div>
                <dt>School concerned</dt>
                <dd>{r.subjectSchool.name}</dd>
              </div>
            ) : null}
            <div>
              <dt>Who decides</dt>
              <dd>{r.ruleLabel}</dd>
            </div>
            <div>
              <dt>Where it stands</dt>
              <dd>
                {recommendationStatusLabel[r.status]}
                {r.resolvedAt ? (
                  <>
                    {' '}
                    (<time dateTime={utcIso(r.resolvedAt)}>{londonTime(r.resolvedAt)}</time>)
                  </>
                ) : null}
                {r.rejectionReason ? `. Reason given: ${r.rejectionReason}` : ''}
              </dd>
            </div>
            {r.snapshotHash ? (
              <div>
                <dt>Snapshot authorised</dt>
                <dd>
                  <code className="hash">{r.snapshotHash}</code>
                </dd>
              </div>
            ) : null}
          </dl>
          {r.boards.length ? (
            <>
              <h4 className="pack-recommendation__subheading">Boards</h4>
              <ul className="pack-boards">
                {r.boards.map((b) => (
                  <li key={b.schoolId}>
                    {b.schoolName}: <strong>{boardDecisionLabel[b.decision]}</strong>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h4 className="pack-recommendation__subheading">Decisions recorded</h4>
          {r.decisions.length ? (
            <ol className="pack-decisions">
              {r.decisions.map((d) => (
                <Decision key={d.id} decision={d} />
              ))}
            </ol>
          ) : (
            <p>No board has recorded a decision yet.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
