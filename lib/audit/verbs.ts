/** Every kind of audit event; the realtime layer broadcasts under the same names. */
export const auditVerbs = [
  // partnership, schools and people
  'partnership.create',
  'school.create',
  'school.join_partnership',
  'user.create',
  'role.assign',
  'role.revoke',
  'member.invite',
  'member.invitation_revoke',
  'member.join',
  'member.remove',
  // plans
  'plan.import',
  'plan.create',
  'plan.update',
  'plan.archive',
  /** An earlier value of the plan's fields brought back from the history (data.restoredFrom). */
  'plan.restore',
  // objectives
  'objective.create',
  'objective.update',
  'objective.move',
  'objective.delete',
  /** Its number changed because another objective was added, moved or removed. */
  'objective.renumber',
  'objective.restore',
  // strands
  'strand.create',
  'strand.update',
  'strand.move',
  'strand.delete',
  /** Its position changed because another strand was added, moved or removed. */
  'strand.renumber',
  'strand.restore',
  'strand.link_objective',
  'strand.unlink_objective',
  // actions
  'action.create',
  'action.update',
  'action.move',
  'action.delete',
  /** Its position changed because another action of its strand was added, moved or removed. */
  'action.renumber',
  'action.restore',
  // impact to date
  'impact.create',
  'impact.update',
  'impact.withdraw',
  'impact.restore',
  // governance: reviews, signatures, recommendations, board decisions, versions, publication
  'review.start',
  'review.update',
  'review.sign',
  'review.signature_refused',
  'review.withdraw_signature',
  'review.complete',
  'review.reopen',
  'recommendation.create',
  'recommendation.authorise',
  'recommendation.reject',
  'board.decide',
  'board.decision_refused',
  'plan.await_approval',
  'plan.ratify',
  'plan.return_to_draft',
  'plan.amend',
  'plan.publish',
  'plan.unpublish',
  'governance.update',
  'calendar.reset',
] as const;

export type AuditVerb = (typeof auditVerbs)[number];

export const entityTypes = [
  'partnership',
  'school',
  'user',
  'role_assignment',
  'invitation',
  'plan',
  'objective',
  'strand',
  'action',
  'impact',
  'review',
  'recommendation',
] as const;

export type EntityType = (typeof entityTypes)[number];
