import { Fragment, type ReactNode } from 'react';
import type { ActionView, ImpactView, StrandView } from '@/lib/presenters/types';
import { EmptyValue } from '@/components/ui/EmptyValue';
import { RichText } from '@/components/ui/RichText';
import { ActionItem } from './ActionItem';
import { ImpactEntry } from './ImpactEntry';
import { byPosition, linksLabel, type SchoolNames } from './order';

export type StrandRichField = 'keyObjective' | 'intendedImpact';

/**
 * One strand of the plan table: reference, key objective, actions, intended impact, impact to
 * date. The editor passes its controls for each cell (placed after the cell's read-only content)
 * and its own action and impact items.
 */
export function StrandRow({
  strand,
  schoolNames,
  renderAction = (action) => <ActionItem action={action} schoolNames={schoolNames} />,
  renderImpact = (entry) => <ImpactEntry entry={entry} />,
  referenceControls,
  richTextControls,
  actionsControls,
  impactControls,
}: {
  strand: StrandView;
  schoolNames: SchoolNames;
  renderAction?: (action: ActionView, index: number, actions: readonly ActionView[]) => ReactNode;
  renderImpact?: (entry: ImpactView) => ReactNode;
  referenceControls?: ReactNode;
  richTextControls?: (field: StrandRichField) => ReactNode;
  actionsControls?: ReactNode;
  impactControls?: ReactNode;
}) {
  const links = linksLabel(strand.objectiveNumbers);
  const actions = byPosition(strand.actions);
  return (
    <tr id={`strand-${strand.id}`} className="strand-row" data-testid="strand-row">
      <th scope="row" className="strand-ref">
        <span className="strand-ref__title">{strand.title}</span>
        {strand.subtitle ? <span className="strand-ref__subtitle">{strand.subtitle}</span> : null}
        {links ? <span className="strand-ref__links">{links}</span> : null}
        {strand.lead ? <span className="strand-ref__lead">Lead: {strand.lead.name}</span> : null}
        {referenceControls}
      </th>
      <td className="strand-key">
        <RichText html={strand.keyObjective} />
        {richTextControls?.('keyObjective')}
      </td>
      <td className="strand-actions">
        {actions.length > 0 ? (
          <ul className="action-list">
            {actions.map((action, index) => (
              <Fragment key={action.id}>{renderAction(action, index, actions)}</Fragment>
            ))}
          </ul>
        ) : (
          <EmptyValue />
        )}
        {actionsControls}
      </td>
      <td className="strand-intended">
        <RichText html={strand.intendedImpact} />
        {richTextControls?.('intendedImpact')}
      </td>
      <td className="strand-impact">
        {strand.impact.length > 0 ? (
          <ul className="impact-list">
            {strand.impact.map((entry) => (
              <Fragment key={entry.id}>{renderImpact(entry)}</Fragment>
            ))}
          </ul>
        ) : (
          <EmptyValue />
        )}
        {impactControls}
      </td>
    </tr>
  );
}
