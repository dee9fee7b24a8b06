'use client';

import { Button } from '@/components/ui/Button';
import type { InvitationView } from '@/lib/queries/members';
import { CopyLink } from './CopyLink';
import { formatDay } from './format';
import { InlineAlert } from './InlineAlert';
import { type RenewState, type RowActionState, initialRenewState, initialRowActionState } from './member-state';
import { RoleList } from './RoleList';
import { useFormAction } from './use-form-action';

type Actions = {
  revoke: (prev: RowActionState, formData: FormData) => Promise<RowActionState>;
  renew: (prev: RenewState, formData: FormData) => Promise<RenewState>;
};

function InvitationRow({ invitation, partnershipId, actions }: { invitation: InvitationView; partnershipId: string; actions: Actions }) {
  const [revoked, onRevoke, revoking] = useFormAction(actions.revoke, initialRowActionState);
  const [renewed, onRenew, renewing] = useFormAction(actions.renew, initialRenewState);
  const errorId = `invitation-${invitation.id}-error`;
  return (
    <tr data-testid="pending-invitation">
      <th scope="row">
        {invitation.name}
        <br />
        <span>{invitation.email}</span>
      </th>
      <td>
        <RoleList roles={invitation.roles} />
      </td>
      <td>
        <time dateTime={invitation.expiresAt}>{formatDay(invitation.expiresAt)}</time>
        {invitation.invitedBy ? <p className="field__hint">Invited by {invitation.invitedBy}</p> : null}
      </td>
      <td>
        <InlineAlert id={errorId} message={revoked.error ?? renewed.error} />
        {renewed.issued ? (
          <div role="status">
            <CopyLink label={`New invitation link for ${invitation.email}`} link={renewed.issued.link} />
            <p className="field__hint">The earlier link no longer works.{renewed.issued.emailed ? ' We emailed the new one.' : ''}</p>
          </div>
        ) : null}
        <div className="form__actions">
          <form onSubmit={onRenew}>
            <input type="hidden" name="partnershipId" value={partnershipId} />
            <input type="hidden" name="invitationId" value={invitation.id} />
            <Button type="submit" variant="secondary" size="small" disabled={renewing || revoking}>
              {renewing ? 'Making a new link…' : 'New link'}
              <span className="visually-hidden"> for {invitation.email}</span>
            </Button>
          </form>
          <form onSubmit={onRevoke}>
            <input type="hidden" name="partnershipId" value={partnershipId} />
            <input type="hidden" name="invitationId" value={invitation.id} />
            <Button type="submit" variant="quiet" size="small" disabled={renewing || revoking}>
              {revoking ? 'Revoking…' : 'Revoke'}
              <span className="visually-hidden"> the invitation for {invitation.email}</span>
            </Button>
          </form>
        </div>
      </td>
    </tr>
  );
}

/**
 * Invitations not yet accepted. Only a hash of each link is kept, so an earlier link cannot be
 * shown again: “New link” issues a fresh one to copy (and the old one stops working).
 */
export function PendingInvitations({
  invitations,
  partnershipId,
  actions,
}: {
  invitations: InvitationView[];
  partnershipId: string;
  actions: Actions;
}) {
  if (!invitations.length) return <p className="empty-state">No invitations are waiting to be accepted.</p>;
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-labelledby="pending-heading">
      <table className="data-table">
        <caption className="visually-hidden">Invitations waiting to be accepted</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Roles</th>
            <th scope="col">Link works until</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} partnershipId={partnershipId} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
