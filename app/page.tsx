import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PlanList } from '@/components/plan/PlanList';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { can } from '@/lib/policies';
import { listPlans } from '@/lib/queries/plans';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const actor = await currentActor();
  if (!actor) redirect('/sign-in');
  const plans = await listPlans(getDb(), actor);
  const mayImport = actor.memberships.some((m) => can(actor, 'plan.import', { partnershipId: m.partnershipId }));
  return (
    <div className="page">
      <div className="page-heading">
        <h1>Your plans</h1>
        {mayImport && (
          <Link className="button" href="/plans/import">
            Import a plan
          </Link>
        )}
      </div>
      <PlanList plans={plans} />
      {actor.memberships.length > 0 && (
        <section className="plan-section" aria-labelledby="people-heading">
          <h2 id="people-heading">People</h2>
          <ul>
            {actor.memberships.map((m) => (
              <li key={m.partnershipId}>
                <Link href={`/partnerships/${m.partnershipId}/members`}>People of {m.partnershipName}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
