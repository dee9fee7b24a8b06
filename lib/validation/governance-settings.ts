import { z } from 'zod';
import type { ApprovalRule, RecommendationType, ReviewKind } from '@/db/schema';
import { ALLOWED_APPROVAL_RULES, SIGNING_ROLES } from '@/lib/governance/rules';

// Only type imports of the schema: the settings form imports this module in the browser.

export const REVIEW_KINDS = ['head_teachers', 'jcc'] as const satisfies readonly ReviewKind[];
export const RECOMMENDATION_TYPES = [
  'adopt_plan',
  'amend_plan',
  'meeting_schedule',
  'admit_school',
  'school_leaves',
  'other',
] as const satisfies readonly RecommendationType[];
export const APPROVAL_RULES = ['jcc', 'school_board', 'all_boards'] as const satisfies readonly ApprovalRule[];

export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  head_teachers: 'Head teachers’ review',
  jcc: 'JCC review',
};

/** The largest settings body accepted. */
export const GOVERNANCE_SETTINGS_BODY_BYTES = 8 * 1024;

const signingRoles = (kind: ReviewKind) =>
  z
    .array(z.enum(SIGNING_ROLES, { error: `A ${REVIEW_KIND_LABELS[kind]} can be signed by: ${SIGNING_ROLES.join(', ')}.` }), {
      error: `List the roles that sign a ${REVIEW_KIND_LABELS[kind]}.`,
    })
    .min(1, `A ${REVIEW_KIND_LABELS[kind]} needs at least one role to sign it.`)
    .refine((roles) => new Set(roles).size === roles.length, `Each role signs a ${REVIEW_KIND_LABELS[kind]} once: remove the repeated role.`);

const approvalRule = (type: RecommendationType) =>
  z
    .enum(APPROVAL_RULES, { error: `Choose who approves “${type}”: ${APPROVAL_RULES.join(', ')}.` })
    .refine((rule) => ALLOWED_APPROVAL_RULES[type].includes(rule), {
      message:
        type === 'adopt_plan' || type === 'amend_plan'
          ? 'Every partner school’s board authorises the plan for its own school: this cannot be changed.'
          : `“${type}” can be approved by: ${ALLOWED_APPROVAL_RULES[type].join(', ')}.`,
    });

/**
 * A partnership's governance rules, sent whole: who signs each kind of review (at every partner
 * school), and who must approve each decision type. Unknown keys are refused.
 */
export const governanceSettingsInput = z.strictObject(
  {
    signatures: z.strictObject(
      { head_teachers: signingRoles('head_teachers'), jcc: signingRoles('jcc') },
      { error: 'Send the roles that sign each kind of review.' },
    ),
    approvals: z.strictObject(
      Object.fromEntries(RECOMMENDATION_TYPES.map((t) => [t, approvalRule(t)])) as { [T in RecommendationType]: ReturnType<typeof approvalRule> },
      { error: 'Send who approves each kind of decision.' },
    ),
  },
  { error: 'Send the governance rules as an object with signatures and approvals.' },
);

export type GovernanceSettingsInput = z.infer<typeof governanceSettingsInput>;
