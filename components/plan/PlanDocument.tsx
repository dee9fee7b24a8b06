import type { ReactNode } from 'react';
import type { PlanView } from '@/lib/presenters/types';
import { ObjectivesSection } from './parts/Objectives';
import { byPosition, type SchoolNames } from './parts/order';
import { PlanHeader } from './parts/PlanHeader';
import { ReviewsSection } from './parts/Reviews';
import { StrandRow } from './parts/StrandRow';
import { StrandsSection } from './parts/StrandsTable';

/**
 * The whole Collaboration Action Plan laid out like the Word document users know: title block,
 * overriding objectives, the five-column strands table and the review sign-off blocks.
 * Prints as an A4 landscape board pack (see the print section of app/globals.css).
 * The editor (editor/PlanEditor) lays out the same parts, from ./parts, with its controls added.
 * `afterHeader` goes under the title block (the plan page's approval standing).
 */
export function PlanDocument({ plan, afterHeader }: { plan: PlanView; afterHeader?: ReactNode }) {
  const idBase = `plan-${plan.id}`;
  const schoolNames: SchoolNames = new Map(plan.schools.map((s) => [s.shortCode, s.name]));

  return (
    <article className="plan-document" aria-labelledby={`${idBase}-title`}>
      <PlanHeader plan={plan} idBase={idBase} />
      {afterHeader}
      <ObjectivesSection plan={plan} idBase={idBase} />
      <StrandsSection
        idBase={idBase}
        impactAsOf={plan.impactAsOf}
        strands={byPosition(plan.strands)}
        renderStrand={(strand) => <StrandRow strand={strand} schoolNames={schoolNames} />}
      />
      <ReviewsSection idBase={idBase} reviews={plan.reviews} />
    </article>
  );
}
