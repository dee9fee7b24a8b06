import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { InviteMemberForm } from '@/components/members/InviteMemberForm';
import { MemberList } from '@/components/members/MemberList';
import { PendingInvitations } from '@/components/members/PendingInvitations';
import { getDb } from '@/db/client';
import { membershipOf } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { configuredMailTransport } from '@/lib/mail/send';
import { can } from '@/lib/policies';
import { listMembers, listPartnershipSchools, listPendingInvitations } from '@/lib/queries/members';
import {
  changeMemberRolesAction,
  inviteMemberAction,
  removeMemberAction,
  renewInvitationAction,
  revokeInvitationAction,
} from './actions';

export const metadata: Metadata = { title: 'People' };
export const dynamic = 'force-dynamic';

export default async function MembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/partnerships/${id}/members`)}`);
  const db = getDb();
  const members = await listMembers(db, actor, id).catch((error: unknown) => {
    // Another partnership's page, or no such partnership: the same 404.
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const partnershipName = membershipOf(actor, id)?.partnershipName ?? 'Partnership';
  const manages = can(actor, 'members.manage', { partnershipId: id });
  const [invitations, schools] = manages
    ? await Promise.all([listPendingInvitations(db, actor, id), listPartnershipSchools(db, actor, id)])
    : [[], []];

  return (
    <div className="page">
      <div className="page-heading">
        <h1>People of {partnershipName}</h1>
      </div>
      <p className="lead">
        {manages
          ? 'Invite people, change what they can do, or remove them. A removed person loses access at once.'
          : 'Everyone in the partnership and their roles. Partnership admins invite people and change roles.'}
      </p>
      <p>
        <Link href={`/partnerships/${id}/governance`}>Governance rules: who signs reviews and who approves decisions</Link>
      </p>

      <section className="plan-section" aria-labelledby="members-heading">
        <h2 id="members-heading" className="plan-section__heading">Members</h2>
        <MemberList
          members={members}
          currentUserId={actor.id}
          manage={
            manages
              ? { partnershipId: id, partnershipName, schools, actions: { changeRoles: changeMemberRolesAction, remove: removeMemberAction } }
              : null
          }
        />
      </section>

      {manages ? (
        <>
          <section className="plan-section" aria-labelledby="pending-heading">
            <h2 id="pending-heading" className="plan-section__heading">Pending invitations</h2>
            <PendingInvitations
              invitations={invitations}
              partnershipId={id}
              actions={{ revoke: revokeInvitationAction, renew: renewInvitationAction }}
            />
          </section>
          <section className="plan-section" aria-labelledby="invite-heading">
            <h2 id="invite-heading" className="plan-section__heading">Invite someone</h2>
            <p className="field__hint">
              They get a link to set their password (or, if they already use jointplan, to join with their account). The link
              works once, for 14 days.
            </p>
            <InviteMemberForm
              partnershipId={id}
              schools={schools}
              mailConfigured={configuredMailTransport() !== null}
              action={inviteMemberAction}
            />
          </section>
        </>
      ) : null}
    </div>
  );
}
