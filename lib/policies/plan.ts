import type { Actor } from '@/lib/auth/actor';
import { membershipOf } from '@/lib/auth/actor';
import type { Role } from '@/db/schema';

/** Roles that may bring a plan document into their partnership. */
const IMPORTERS: readonly Role[] = ['head_teacher', 'partnership_admin'];

function holdsAny(actor: Actor, partnershipId: string, roles: readonly Role[]): boolean {
  return membershipOf(actor, partnershipId)?.roles.some((r) => roles.includes(r.role)) ?? false;
}

/** Plan rules. Everyone in a partnership reads its plans; nobody outside it sees they exist. */
export const planRules = {
  read: (actor: Actor, plan: { partnershipId: string }) => Boolean(membershipOf(actor, plan.partnershipId)),
  import: (actor: Actor, target: { partnershipId: string }) => holdsAny(actor, target.partnershipId, IMPORTERS),
};
