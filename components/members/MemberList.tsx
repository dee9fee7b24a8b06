import type { MemberView, SchoolOption } from '@/lib/queries/members';
import { MemberActions, type MemberActionsProps } from './MemberActions';
import { RoleList } from './RoleList';

/** The people of a partnership; admins get role editing and removal on each row. */
export function MemberList({
  members,
  currentUserId,
  manage,
}: {
  members: MemberView[];
  currentUserId: string;
  /** Present only when the viewer may manage members (the same policy the server enforces). */
  manage: { partnershipId: string; partnershipName: string; schools: SchoolOption[]; actions: MemberActionsProps['actions'] } | null;
}) {
  if (!members.length) return <p className="empty-state">Nobody belongs to this partnership yet.</p>;
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-labelledby="members-heading">
      <table className="data-table">
        <caption className="visually-hidden">People of the partnership and their roles</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            {manage ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid="member">
              <th scope="row">
                {m.name}
                {m.id === currentUserId ? <span className="field__hint"> (you)</span> : null}
              </th>
              <td>
                <a href={`mailto:${m.email}`}>{m.email}</a>
              </td>
              <td>
                <RoleList roles={m.roles} />
              </td>
              {manage ? (
                <td>
                  <MemberActions
                    member={m}
                    isSelf={m.id === currentUserId}
                    partnershipId={manage.partnershipId}
                    partnershipName={manage.partnershipName}
                    schools={manage.schools}
                    actions={manage.actions}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
