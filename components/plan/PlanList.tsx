import Link from 'next/link';
import type { PlanSummaryView } from '@/lib/presenters/types';
import { formatDate } from './labels';
import { PlanStatusBadge } from './PlanStatusBadge';

type Group = { id: string; name: string; plans: PlanSummaryView[] };

function groupByPartnership(plans: readonly PlanSummaryView[]): Group[] {
  const groups = new Map<string, Group>();
  for (const plan of plans) {
    const group = groups.get(plan.partnership.id) ?? {
      id: plan.partnership.id,
      name: plan.partnership.name,
      plans: [],
    };
    group.plans.push(plan);
    groups.set(plan.partnership.id, group);
  }
  const sorted = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  for (const group of sorted) {
    // Newest academic year first, then the most recently updated.
    group.plans.sort((a, b) => b.academicYear - a.academicYear || b.updatedAt.localeCompare(a.updatedAt));
  }
  return sorted;
}

/** The home page list of plans, grouped by partnership. */
export function PlanList({ plans }: { plans: PlanSummaryView[] }) {
  if (plans.length === 0) {
    return (
      <p className="empty-state plan-list__empty">
        There are no plans yet. When a plan is imported it will appear here.
      </p>
    );
  }
  return (
    <div className="plan-list">
      {groupByPartnership(plans).map((group) => (
        <section key={group.id} className="plan-list__group" aria-labelledby={`partnership-${group.id}`}>
          <h2 id={`partnership-${group.id}`} className="plan-list__partnership">
            {group.name}
          </h2>
          <ul className="plan-list__items">
            {group.plans.map((plan) => {
              const updated = formatDate(plan.updatedAt);
              return (
                <li key={plan.id} className="plan-card" data-testid="plan-card">
                  <Link href={`/plans/${plan.id}`} className="plan-card__link">
                    <span className="plan-card__title">{plan.title}</span>{' '}
                    <span className="plan-card__year">{plan.academicYearLabel}</span>
                  </Link>
                  <p className="plan-card__meta">
                    <PlanStatusBadge status={plan.status} />{' '}
                    <span className="plan-card__version">Version {plan.versionNumber}</span>
                    {updated ? (
                      <>
                        {' '}
                        <span className="plan-card__updated">
                          Updated <time dateTime={plan.updatedAt}>{updated}</time>
                        </span>
                      </>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
