import type { MemberRoleView } from '@/lib/queries/members';
import { describeRole } from '@/lib/validation/members';

/** A person's roles in plain words, one a line. */
export function RoleList({ roles }: { roles: MemberRoleView[] }) {
  return (
    <ul>
      {roles.map((r) => (
        <li key={`${r.role}|${r.schoolId ?? ''}|${r.subject ?? ''}`}>{describeRole(r)}</li>
      ))}
    </ul>
  );
}
