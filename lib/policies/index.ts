import type { Actor } from '@/lib/auth/actor';
import { membershipOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { planRules } from './plan';

/** Every ability, with the resource it is checked against. */
type Abilities = {
  'plan.read': { partnershipId: string };
  'plan.import': { partnershipId: string };
};
export type Ability = keyof Abilities;

const rules: { [A in Ability]: (actor: Actor, resource: Abilities[A]) => boolean } = {
  'plan.read': planRules.read,
  'plan.import': planRules.import,
};

/** Whether the actor may do this; the UI asks the same question the server enforces. */
export function can<A extends Ability>(actor: Actor, ability: A, resource: Abilities[A]): boolean {
  return rules[ability](actor, resource);
}

/**
 * Throws unless the actor may do this. Outside the resource's partnership the answer is 404, as for
 * a missing id, so nobody learns what another partnership holds; inside it, 403.
 */
export function authorize<A extends Ability>(
  actor: Actor,
  ability: A,
  resource: Abilities[A],
  what = 'That',
): void {
  if (!membershipOf(actor, resource.partnershipId)) throw notFound(what);
  if (!can(actor, ability, resource)) throw new AppError('forbidden', 'You do not have permission to do that.');
}
