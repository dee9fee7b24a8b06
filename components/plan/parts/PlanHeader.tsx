import type { ReactNode } from 'react';
import type { PlanView } from '@/lib/presenters/types';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { PlanStatusBadge } from '../PlanStatusBadge';

/**
 * The plan's title block: title and year, status, version, partnership and schools.
 * `afterTitle` goes between the title and the metadata (the editor's form), `children` at the end.
 */
export function PlanHeader({
  plan,
  idBase,
  afterTitle,
  children,
}: {
  plan: PlanView;
  idBase: string;
  afterTitle?: ReactNode;
  children?: ReactNode;
}) {
  const yearLabel = plan.yearLabel ?? plan.academicYearLabel;
  const showAcademicYear = plan.yearLabel !== null && plan.yearLabel !== plan.academicYearLabel;
  return (
    <header className="plan-header">
      <div className="plan-header__title-block">
        <h1 id={`${idBase}-title`} className="plan-header__title">
          {plan.title}
          <span className="plan-header__year"> {yearLabel}</span>
        </h1>
        {plan.note ? <p className="plan-header__note">{plan.note}</p> : null}
      </div>
      {afterTitle}
      <ul className="plan-header__meta" aria-label="About this plan">
        <li>
          <PlanStatusBadge status={plan.status} />
        </li>
        <li className="plan-header__version">Version {plan.versionNumber}</li>
        {showAcademicYear ? <li>Academic year {plan.academicYearLabel}</li> : null}
        <li className="plan-header__partnership">
          <VisuallyHidden>Partnership: </VisuallyHidden>
          {plan.partnership.name}
        </li>
      </ul>
      {plan.schools.length > 0 ? (
        <ul className="plan-header__schools" aria-label="Schools in this plan">
          {plan.schools.map((school) => (
            <li key={school.id} className="plan-header__school">
              {school.name} <span className="school-code">({school.shortCode})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </header>
  );
}
