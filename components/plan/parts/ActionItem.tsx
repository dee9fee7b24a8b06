import { Fragment, type ReactNode } from 'react';
import type { ActionView } from '@/lib/presenters/types';
import { Chip } from '@/components/ui/Chip';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { actionStatusLabel, actionStatusTone, ragLabel, ragTone } from '../labels';
import type { SchoolNames } from './order';

/** One action: its text and metadata chips, then `children` (the editor's controls). */
export function ActionItem({
  action,
  schoolNames,
  children,
}: {
  action: ActionView;
  schoolNames: SchoolNames;
  children?: ReactNode;
}) {
  return (
    <li id={`action-${action.id}`} className={`action action--${action.status}`} data-testid="action">
      <p className="action__text">{action.text}</p>
      <p className="action__meta">
        {action.due.label ? (
          <>
            <Chip className="chip--due">
              <VisuallyHidden>Due: </VisuallyHidden>
              {action.due.label}
            </Chip>{' '}
          </>
        ) : null}
        {action.schools.map((code) => (
          <Fragment key={code}>
            <Chip className="chip--school">
              <VisuallyHidden>School: </VisuallyHidden>
              <abbr title={schoolNames.get(code)}>{code}</abbr>
            </Chip>{' '}
          </Fragment>
        ))}
        <Chip tone={actionStatusTone[action.status]} className="chip--status">
          <VisuallyHidden>Status: </VisuallyHidden>
          {actionStatusLabel[action.status]}
        </Chip>
        {action.rag ? (
          <>
            {' '}
            <Chip tone={ragTone[action.rag]} className="chip--rag">
              <span className={`rag-dot rag-dot--${action.rag}`} aria-hidden="true" />
              RAG: {ragLabel[action.rag]}
            </Chip>
          </>
        ) : null}
        {action.rag && action.ragReason ? <span className="action__rag-reason"> {action.ragReason}</span> : null}
        {action.owner ? <span className="action__owner"> Owner: {action.owner}</span> : null}
      </p>
      {children}
    </li>
  );
}
