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
  // objectives
  'objective.create',
  'objective.update',
  'objective.move',
  'objective.delete',
  // strands
  'strand.create',
  'strand.update',
  'strand.move',
  'strand.delete',
  'strand.link_objective',
  'strand.unlink_objective',
  // actions
  'action.create',
  'action.update',
  'action.move',
  'action.delete',
  // impact to date
  'impact.create',
  'impact.update',
  'impact.withdraw',
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
] as const;

export type EntityType = (typeof entityTypes)[number];
