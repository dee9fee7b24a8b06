import type { Actor } from '@/lib/auth/actor';
import { membershipOf } from '@/lib/auth/actor';
import { holdsAny } from './plan';

/** Partnership rules: members see the partnership's people and history; admins manage people. */
export const partnershipRules = {
  read: (actor: Actor, p: { partnershipId: string }) => Boolean(membershipOf(actor, p.partnershipId)),
  manageMembers: (actor: Actor, p: { partnershipId: string }) => holdsAny(actor, p.partnershipId, ['partnership_admin']),
  manageSchools: (actor: Actor, p: { partnershipId: string }) => holdsAny(actor, p.partnershipId, ['partnership_admin']),
};
