import type { Actor } from '@/lib/auth/actor';
import { membershipOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import {
  type BoardResource,
  type OpenReviewResource,
  type RecommendResource,
  type ReviewResource,
  type SignatureLineResource,
  governancePolicy,
} from './governance';
import { partnershipRules } from './partnership';
import { type ActionResource, type ImpactResource, type PlanResource, type StrandResource, isPlanWritable, planRules } from './plan';

export type { ActionResource, ImpactResource, PlanResource, StrandResource } from './plan';
export { holdsAt } from './governance';

type PartnershipResource = { partnershipId: string };

/** Every ability, with the resource it is checked against. */
type Abilities = {
  'plan.read': PartnershipResource;
  'plan.import': PartnershipResource;
  'plan.update': PlanResource;
  'strand.update': StrandResource;
  'action.update': ActionResource;
  'action.delete': ActionResource;
  'impact.create': PlanResource;
  'impact.update': ImpactResource;
  'history.read': PartnershipResource;
  'members.read': PartnershipResource;
  'members.manage': PartnershipResource;
  'schools.manage': PartnershipResource;
  'review.start': ReviewResource;
  'review.update': OpenReviewResource;
  'review.sign': SignatureLineResource;
  'recommendation.create': RecommendResource;
  'board.decide': BoardResource;
  'plan.amend': PlanResource;
  'plan.publish': PartnershipResource;
  'governance.manage': PartnershipResource;
};
export type Ability = keyof Abilities;

const rules: { [A in Ability]: (actor: Actor, resource: Abilities[A]) => boolean } = {
  'plan.read': planRules.read,
  'plan.import': planRules.import,
  'plan.update': planRules.update,
  'strand.update': planRules.updateStrand,
  'action.update': planRules.updateAction,
  'action.delete': planRules.deleteAction,
  'impact.create': planRules.createImpact,
  'impact.update': planRules.updateImpact,
  'history.read': partnershipRules.read,
  'members.read': partnershipRules.read,
  'members.manage': partnershipRules.manageMembers,
  'schools.manage': partnershipRules.manageSchools,
  'review.start': governancePolicy.startReview,
  'review.update': governancePolicy.editReview,
  'review.sign': governancePolicy.sign,
  'recommendation.create': governancePolicy.recommend,
  'board.decide': governancePolicy.recordBoardDecision,
  'plan.amend': governancePolicy.amend,
  'plan.publish': governancePolicy.publish,
  'governance.manage': governancePolicy.manageRules,
};

function isPlanResource(resource: PartnershipResource | PlanResource): resource is PlanResource {
  return 'status' in resource;
}

/** Whether the actor may do this; the UI asks the same question the server enforces. */
export function can<A extends Ability>(actor: Actor, ability: A, resource: Abilities[A]): boolean {
  return rules[ability](actor, resource);
}

/**
 * Throws unless the actor may do this. Outside the resource's partnership the answer is 404, as for
 * a missing id, so nobody learns what another partnership holds; inside it, 403 with the reason.
 */
export function authorize<A extends Ability>(actor: Actor, ability: A, resource: Abilities[A], what = 'That'): void {
  if (!membershipOf(actor, resource.partnershipId)) throw notFound(what);
  if (can(actor, ability, resource)) return;
  if (isPlanResource(resource) && !isPlanWritable(resource)) {
    throw new AppError('forbidden', `This plan is ${resource.status}, so it can no longer be changed.`);
  }
  throw new AppError('forbidden', 'You do not have permission to do that.');
}
