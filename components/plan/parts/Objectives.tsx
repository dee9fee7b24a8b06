import { Fragment, type ReactNode } from 'react';
import type { ObjectiveView, PlanView } from '@/lib/presenters/types';
import { byNumber } from './order';

/**
 * The "Overriding objectives" section. `renderObjective` replaces the read-only item (the editor's
 * editable one); `children` go after the list (the editor's add form).
 */
export function ObjectivesSection({
  plan,
  idBase,
  renderObjective = (objective) => <ObjectiveItem objective={objective} />,
  children,
}: {
  plan: PlanView;
  idBase: string;
  renderObjective?: (objective: ObjectiveView, index: number, objectives: readonly ObjectiveView[]) => ReactNode;
  children?: ReactNode;
}) {
  const objectives = byNumber(plan.objectives);
  return (
    <section className="plan-section plan-objectives" aria-labelledby={`${idBase}-objectives`}>
      <h2 id={`${idBase}-objectives`} className="plan-section__heading">
        Overriding objectives
      </h2>
      {plan.objectivesIntro ? <p className="plan-objectives__intro">{plan.objectivesIntro}</p> : null}
      {objectives.length > 0 ? (
        // role="list" keeps list semantics in Safari/VoiceOver when list-style is removed.
        <ol className="objectives" role="list">
          {objectives.map((objective, index) => (
            <Fragment key={objective.id}>{renderObjective(objective, index, objectives)}</Fragment>
          ))}
        </ol>
      ) : (
        <p className="empty-state">This plan has no overriding objectives yet.</p>
      )}
      {children}
    </section>
  );
}

/** One numbered objective; `children` replace its text (the editor's text, controls and form). */
export function ObjectiveItem({ objective, children }: { objective: ObjectiveView; children?: ReactNode }) {
  return (
    <li id={`objective-${objective.number}`} className="objective" data-testid="objective" value={objective.number}>
      <span className="objective__number">{objective.number}.</span>{' '}
      {children ?? <span className="objective__text">{objective.text}</span>}
    </li>
  );
}
