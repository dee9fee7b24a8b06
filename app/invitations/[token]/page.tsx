import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInvitationForm } from '@/components/members/AcceptInvitationForm';
import { RoleList } from '@/components/members/RoleList';
import { formatDay } from '@/components/members/format';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { findInvitationByToken } from '@/lib/queries/members';
import { acceptInvitationAction } from './actions';

export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

const UNUSABLE = {
  unknown: {
    title: 'This invitation link does not work',
    text: 'Check that you copied the whole link. If it still does not work, ask your partnership admin to send a new invitation.',
  },
  expired: {
    title: 'This invitation has expired',
    text: 'Invitation links work for 14 days. Ask your partnership admin to send you a new one.',
  },
  revoked: {
    title: 'This invitation was withdrawn',
    text: 'Your partnership admin withdrew this invitation. Ask them if you still need to join.',
  },
  used: {
    title: 'This invitation has already been used',
    text: 'If you accepted it, sign in with your email address and password.',
  },
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitationByToken(getDb(), token);
  if (invitation.status !== 'pending') {
    const { title, text } = UNUSABLE[invitation.status];
    return (
      <div className="page page--narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <Link href="/sign-in">Go to sign in</Link>
        </p>
      </div>
    );
  }
  const actor = await currentActor();
  const signedInAsSomeoneElse = actor && actor.email !== invitation.email ? actor : null;
  return (
    <div className="page page--narrow">
      <h1>Join {invitation.partnershipName}</h1>
      <p className="lead">
        You are invited to {invitation.partnershipName} on jointplan, where the partnership keeps its Collaboration Action
        Plan.
      </p>
      <h2 className="plan-section__heading">Your role{invitation.roles.length > 1 ? 's' : ''}</h2>
      <RoleList roles={invitation.roles} />
      <p className="field__hint">This link works once, until {formatDay(invitation.expiresAt)}.</p>
      {signedInAsSomeoneElse ? (
        <p>
          <strong>
            You are signed in as {signedInAsSomeoneElse.name} ({signedInAsSomeoneElse.email}).
          </strong>{' '}
          {invitation.hasAccount
            ? `Joining adds these roles to ${invitation.email}, not to your account.`
            : `Accepting creates an account for ${invitation.email} and signs you in with it.`}
        </p>
      ) : null}
      <AcceptInvitationForm
        token={token}
        email={invitation.email}
        name={invitation.name}
        partnershipName={invitation.partnershipName}
        hasAccount={invitation.hasAccount}
        action={acceptInvitationAction}
      />
    </div>
  );
}
