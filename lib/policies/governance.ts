import type { ApprovalRule, PlanStatus, Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { BOARD_RECORDER_ROLES } from '@/lib/governance/rules';
import { holdsAny } from './plan';

export type ReviewResource = { partnershipId: string; planStatus: PlanStatus };
export type OpenReviewResource = { partnershipId: string; reviewStatus: 'open' | 'complete' | 'historical' };
export type RecommendResource = { partnershipId: string; reviewKind: 'head_teachers' | 'jcc'; reviewStatus: 'open' | 'complete' | 'historical' };
export type SignatureLineResource = { partnershipId: string; role: Role; schoolId: string };
export type BoardResource = { partnershipId: string; schoolId: string; rule: ApprovalRule };

/** Who starts a review: head teachers and JCC members. */
const REVIEW_STARTERS: readonly Role[] = ['head_teacher', 'jcc_member'];
/** Who keeps a review's record (date, attendees, minutes): its starters, chairs and clerks. */
const REVIEW_EDITORS: readonly Role[] = ['head_teacher', 'jcc_member', 'chair_of_governors', 'clerk'];
/** Who records what the JCC recommends: its members (heads, chairs, JCC members) and clerks. */
const RECOMMENDERS: readonly Role[] = ['head_teacher', 'jcc_member', 'chair_of_governors', 'clerk'];
/** Who opens an amendment and publishes a plan for parents. */
const PLAN_OWNERS: readonly Role[] = ['head_teacher', 'partnership_admin'];

/** Whether the actor holds this role at this school in the partnership. */
export function holdsAt(actor: Actor, partnershipId: string, role: Role, schoolId: string): boolean {
  return (
    actor.memberships
      .find((m) => m.partnershipId === partnershipId)
      ?.roles.some((r) => r.role === role && r.schoolId === schoolId) ?? false
  );
}

/** Governance rules: signing and board decisions belong to the person holding that role at that school. */
export const governancePolicy = {
  /** Starting a review of any plan that is not archived (ratified plans are reviewed too). */
  startReview: (actor: Actor, r: ReviewResource) => r.planStatus !== 'archived' && holdsAny(actor, r.partnershipId, REVIEW_STARTERS),
  /** A review's date, attendees and minutes, while it is open. */
  editReview: (actor: Actor, r: OpenReviewResource) => r.reviewStatus === 'open' && holdsAny(actor, r.partnershipId, REVIEW_EDITORS),
  /** Recording a recommendation of a JCC review held in jointplan. */
  recommend: (actor: Actor, r: RecommendResource) =>
    r.reviewKind === 'jcc' && r.reviewStatus !== 'historical' && holdsAny(actor, r.partnershipId, RECOMMENDERS),
  /** Signing a line: only the person holding that role at that school. */
  sign: (actor: Actor, line: SignatureLineResource) => holdsAt(actor, line.partnershipId, line.role, line.schoolId),
  /** Recording a board's decision: that school's chair of governors or clerk, for a rule boards decide. */
  recordBoardDecision: (actor: Actor, board: BoardResource) =>
    board.rule !== 'jcc' && BOARD_RECORDER_ROLES.some((role) => holdsAt(actor, board.partnershipId, role, board.schoolId)),
  /** Opening a new draft version of a ratified plan. */
  amend: (actor: Actor, plan: { partnershipId: string; status: PlanStatus }) =>
    plan.status === 'ratified' && holdsAny(actor, plan.partnershipId, PLAN_OWNERS),
  /** Publishing (or taking down) a plan's parents' page. */
  publish: (actor: Actor, plan: { partnershipId: string }) => holdsAny(actor, plan.partnershipId, PLAN_OWNERS),
  /**
   * Changing who signs and who approves: the partnership admin only. One school's head must not be
   * able to change what the other schools' boards decide.
   */
  manageRules: (actor: Actor, p: { partnershipId: string }) => holdsAny(actor, p.partnershipId, ['partnership_admin']),
};
