import type { ActionDiff, FieldChange, ImpactDiff, ObjectiveDiff, PlanDiff as PlanDiffData, StrandDiff } from '@/lib/governance/diff';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';

type Change = 'added' | 'removed' | 'changed' | 'withdrawn';

const changeLabel: Record<Change, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', withdrawn: 'Withdrawn' };

/** "Added", "Removed"…: the word carries the meaning; the colour only repeats it. */
function ChangeLabel({ change }: { change: Change }) {
  return <span className={`change-label change-label--${change}`}>{changeLabel[change]}</span>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per field: what it was and what it is now, each named in words as well as marked up. */
function FieldChanges({ fields, change }: { fields: FieldChange[]; change: Change }) {
  if (!fields.length) return null;
  return (
    <dl className="diff-fields">
      {fields.map((f) => (
        <div key={f.field} className="diff-fields__row">
          <dt className="diff-fields__label">{f.label}</dt>
          <dd className="diff-fields__values">
            {change === 'changed' || change === 'withdrawn' ? (
              <>
                <span className="diff-value">
                  <span className="diff-value__tag">Was:</span>{' '}
                  {f.before === null ? <span className="diff-value__none">(nothing)</span> : <del className="diff-del">{f.before}</del>}
                </span>
                <span className="diff-value">
                  <span className="diff-value__tag">Now:</span>{' '}
                  {f.after === null ? <span className="diff-value__none">(nothing)</span> : <ins className="diff-ins">{f.after}</ins>}
                </span>
              </>
            ) : change === 'added' ? (
              <ins className="diff-ins">{f.after}</ins>
            ) : (
              <del className="diff-del">{f.before}</del>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ObjectiveItem({ objective }: { objective: ObjectiveDiff }) {
  return (
    <li className={`diff-item diff-item--${objective.change}`}>
      <p className="diff-item__title">
        <ChangeLabel change={objective.change} /> Objective {objective.number}: {objective.text}
      </p>
      {objective.change === 'changed' ? <FieldChanges fields={objective.fields} change="changed" /> : null}
    </li>
  );
}

function ActionItem({ action }: { action: ActionDiff }) {
  // An added or removed action is named by its text in the title; list its other fields.
  const fields = action.change === 'changed' ? action.fields : action.fields.filter((f) => f.field !== 'text');
  return (
    <li className={`diff-item diff-item--${action.change}`}>
      <p className="diff-item__title">
        <ChangeLabel change={action.change} /> {action.text}
      </p>
      <FieldChanges fields={fields} change={action.change} />
    </li>
  );
}

function ImpactItem({ entry }: { entry: ImpactDiff }) {
  const fields = entry.change === 'changed' ? entry.fields : entry.fields.filter((f) => f.field !== 'text' && f.field !== 'withdrawn');
  return (
    <li className={`diff-item diff-item--${entry.change}`}>
      <p className="diff-item__title">
        <ChangeLabel change={entry.change} /> {entry.text}
        {entry.dateLabel ? <span className="diff-item__date"> ({entry.dateLabel})</span> : null}
      </p>
      {entry.change === 'withdrawn' && !fields.length ? null : <FieldChanges fields={fields} change={entry.change} />}
    </li>
  );
}

function StrandSection({ strand, idBase }: { strand: Exclude<StrandDiff, { change: 'unchanged' }>; idBase: string }) {
  const headingId = `${idBase}-strand-${strand.key}`;
  return (
    <section className={`diff-strand diff-strand--${strand.change}`} aria-labelledby={headingId}>
      <h4 id={headingId} className="diff-strand__heading">
        <ChangeLabel change={strand.change} /> <VisuallyHidden>strand: </VisuallyHidden>
        {strand.title}
      </h4>
      <FieldChanges fields={strand.fields} change={strand.change} />
      {strand.actions.length ? (
        <>
          <h5 className="diff-strand__subheading">Actions</h5>
          <ul className="diff-list">
            {strand.actions.map((a) => (
              <ActionItem key={a.key} action={a} />
            ))}
          </ul>
        </>
      ) : null}
      {strand.impact.length ? (
        <>
          <h5 className="diff-strand__subheading">Impact to date</h5>
          <ul className="diff-list">
            {strand.impact.map((i) => (
              <ImpactItem key={i.key} entry={i} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** A sentence saying what changed in numbers, for the top of the diff. */
function summaryOf(diff: PlanDiffData): string {
  const parts: string[] = [];
  const { counts } = diff;
  if (diff.fields.length) parts.push(`${plural(diff.fields.length, 'detail')} of the plan`);
  const objectives = counts.objectivesAdded + counts.objectivesRemoved + counts.objectivesChanged;
  if (objectives) parts.push(plural(objectives, 'objective'));
  if (counts.strandsAdded) parts.push(`${plural(counts.strandsAdded, 'strand')} added`);
  if (counts.strandsRemoved) parts.push(`${plural(counts.strandsRemoved, 'strand')} removed`);
  if (counts.strandsChanged) parts.push(`${plural(counts.strandsChanged, 'strand')} changed`);
  return `Changed: ${parts.join(', ')}.${counts.strandsUnchanged ? ` ${plural(counts.strandsUnchanged, 'strand')} unchanged.` : ''}`;
}

/**
 * A readable diff of two versions of a plan, by strand (lib/governance/diff). `since` names the
 * earlier side in words ("the snapshot signed on 14 Nov 2017", "version 1"). Server-rendered;
 * unchanged strands fold into a native disclosure.
 */
export function PlanDiff({
  diff,
  since,
  idBase = 'plan-diff',
  heading = 'What has changed',
}: {
  diff: PlanDiffData;
  since: string;
  idBase?: string;
  heading?: string;
}) {
  const headingId = `${idBase}-heading`;
  const changedStrands = diff.strands.filter((s): s is Exclude<StrandDiff, { change: 'unchanged' }> => s.change !== 'unchanged');
  const unchanged = diff.strands.filter((s) => s.change === 'unchanged');
  return (
    <section className="plan-diff" aria-labelledby={headingId} data-testid="plan-diff">
      <h2 id={headingId} className="plan-diff__heading">
        {heading}
      </h2>
      {!diff.changed ? (
        <p className="plan-diff__empty">No changes since {since}.</p>
      ) : (
        <>
          <p className="plan-diff__summary">
            Compared with {since}. {summaryOf(diff)}
          </p>
          {diff.fields.length ? (
            <section className="diff-group" aria-labelledby={`${idBase}-plan`}>
              <h3 id={`${idBase}-plan`} className="diff-group__heading">
                The plan
              </h3>
              <FieldChanges fields={diff.fields} change="changed" />
            </section>
          ) : null}
          {diff.objectives.length ? (
            <section className="diff-group" aria-labelledby={`${idBase}-objectives`}>
              <h3 id={`${idBase}-objectives`} className="diff-group__heading">
                Overriding objectives
              </h3>
              <ul className="diff-list">
                {diff.objectives.map((o) => (
                  <ObjectiveItem key={o.key} objective={o} />
                ))}
              </ul>
            </section>
          ) : null}
          {changedStrands.length || unchanged.length ? (
            <section className="diff-group" aria-labelledby={`${idBase}-strands`}>
              <h3 id={`${idBase}-strands`} className="diff-group__heading">
                Strands
              </h3>
              {changedStrands.map((s) => (
                <StrandSection key={s.key} strand={s} idBase={idBase} />
              ))}
              {unchanged.length ? (
                <details className="diff-unchanged">
                  <summary>{plural(unchanged.length, 'strand')} unchanged</summary>
                  <ul className="diff-unchanged__list">
                    {unchanged.map((s) => (
                      <li key={s.key}>{s.title}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}
