import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ImportPlanForm } from '@/components/plan/ImportPlanForm';
import { currentActor } from '@/lib/auth/session';
import { can } from '@/lib/policies';
import { importPlanAction } from './actions';

export const metadata: Metadata = { title: 'Import a plan' };
export const dynamic = 'force-dynamic';

export default async function ImportPlanPage() {
  const actor = await currentActor();
  if (!actor) redirect('/sign-in?callbackUrl=/plans/import');
  const partnerships = actor.memberships
    .filter((m) => can(actor, 'plan.import', { partnershipId: m.partnershipId }))
    .map((m) => ({ id: m.partnershipId, name: m.partnershipName }));
  return (
    <div className="page page--narrow">
      <h1>Import a plan</h1>
      {partnerships.length ? (
        <>
          <p className="lead">
            Bring in a Collaboration Action Plan from its document. It becomes a new draft plan: the objectives, each strand
            with its actions and impact to date, and the review sign-offs as they were printed.
          </p>
          <ImportPlanForm partnerships={partnerships} action={importPlanAction} />
        </>
      ) : (
        <p>Only head teachers and partnership admins can import plans. Ask one of them to import it.</p>
      )}
    </div>
  );
}
