import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { GovernanceRulesSummary } from '@/components/governance-settings/GovernanceRulesSummary';
import { GovernanceSettingsForm } from '@/components/governance-settings/GovernanceSettingsForm';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getGovernanceSettings } from '@/lib/queries/governance-settings';
import { updateGovernanceAction } from './actions';

export const metadata: Metadata = { title: 'Governance rules' };
export const dynamic = 'force-dynamic';

export default async function GovernanceSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/partnerships/${id}/governance`)}`);
  const settings = await getGovernanceSettings(getDb(), actor, id).catch((error: unknown) => {
    // Another partnership's page, or no such partnership: the same 404.
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });

  return (
    <div className="page governance-settings-page">
      <div className="page-heading">
        <h1>Governance rules of {settings.partnership.name}</h1>
      </div>
      <p className="lead">
        Who signs each kind of review, and whose approval each kind of JCC recommendation needs.
        {settings.usesDefaults ? ' The partnership uses the defaults, which follow the seed plan and a real JCC remit.' : ''}
      </p>
      <p className="governance-settings__note">
        Changes apply to reviews and recommendations started afterwards: a review or recommendation already started keeps the
        signatures and approvals it was given.
      </p>
      {settings.canManage ? (
        <GovernanceSettingsForm settings={settings} action={updateGovernanceAction} />
      ) : (
        <>
          <GovernanceRulesSummary settings={settings} />
          <p className="field__hint">Partnership administrators can change these rules. Adopting or amending the plan always needs every partner school’s board.</p>
        </>
      )}
      <p>
        <Link href={`/partnerships/${id}/members`}>People of {settings.partnership.name}</Link>
      </p>
    </div>
  );
}
