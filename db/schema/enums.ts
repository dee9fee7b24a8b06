import { pgEnum } from 'drizzle-orm/pg-core';

/** Roles a person can hold in a partnership, optionally at one school. */
export const roleEnum = pgEnum('role', [
  'head_teacher',
  'chair_of_governors',
  'clerk',
  'governor',
  'jcc_member',
  'subject_lead',
  'staff',
  'partnership_admin',
  'viewer',
]);

/** `awaiting_approval`: the JCC has recommended adopting it and the boards are deciding (read-only). */
export const planStatusEnum = pgEnum('plan_status', ['draft', 'in_review', 'awaiting_approval', 'ratified', 'archived']);
export const actionStatusEnum = pgEnum('action_status', ['not_started', 'in_progress', 'done', 'blocked']);
export const ragEnum = pgEnum('rag', ['red', 'amber', 'green']);
/** How an action's due point is expressed: a term, a half term, a calendar date, "TBC", or not given. */
export const dueKindEnum = pgEnum('due_kind', ['none', 'term', 'half_term', 'date', 'tbc']);
export const termEnum = pgEnum('term', ['autumn', 'spring', 'summer']);
export const reviewKindEnum = pgEnum('review_kind', ['head_teachers', 'jcc']);
/** `historical` reviews were imported from a document: signed on paper, not in jointplan. */
export const reviewStatusEnum = pgEnum('review_status', ['open', 'complete', 'historical']);

/** What a JCC recommendation asks for (the JCC remit's decision types). */
export const recommendationTypeEnum = pgEnum('recommendation_type', [
  'adopt_plan',
  'amend_plan',
  'meeting_schedule',
  'admit_school',
  'school_leaves',
  'other',
]);
/** Who must agree before a recommendation takes effect. */
export const approvalRuleEnum = pgEnum('approval_rule', ['jcc', 'school_board', 'all_boards']);
export const recommendationStatusEnum = pgEnum('recommendation_status', ['pending', 'authorised', 'rejected']);
export const boardDecisionEnum = pgEnum('board_decision', ['approved', 'rejected', 'deferred']);

export type Role = (typeof roleEnum.enumValues)[number];
export type PlanStatus = (typeof planStatusEnum.enumValues)[number];
export type ActionStatus = (typeof actionStatusEnum.enumValues)[number];
export type Rag = (typeof ragEnum.enumValues)[number];
export type DueKind = (typeof dueKindEnum.enumValues)[number];
export type Term = (typeof termEnum.enumValues)[number];
export type ReviewKind = (typeof reviewKindEnum.enumValues)[number];
export type ReviewStatus = (typeof reviewStatusEnum.enumValues)[number];
export type RecommendationType = (typeof recommendationTypeEnum.enumValues)[number];
export type ApprovalRule = (typeof approvalRuleEnum.enumValues)[number];
export type RecommendationStatus = (typeof recommendationStatusEnum.enumValues)[number];
export type BoardDecision = (typeof boardDecisionEnum.enumValues)[number];
