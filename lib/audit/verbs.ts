/** Every kind of audit event; the realtime layer broadcasts under the same names. */
export const auditVerbs = [
  'partnership.create',
  'school.create',
  'school.join_partnership',
  'user.create',
  'role.assign',
  'plan.import',
  'plan.create',
] as const;

export type AuditVerb = (typeof auditVerbs)[number];

export type EntityType = 'partnership' | 'school' | 'user' | 'role_assignment' | 'plan';
