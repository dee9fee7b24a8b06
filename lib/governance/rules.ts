import type { ApprovalRule, GovernanceSettings, RecommendationType, ReviewKind, Role } from '@/db/schema';

/** The rules a partnership works by, with its own settings laid over the defaults. */
export type GovernanceRules = {
  /** Roles that sign a review of each kind, at every partner school. */
  signatures: { [K in ReviewKind]: Role[] };
  /** Who must agree before a recommendation of each type takes effect. */
  approvals: { [T in RecommendationType]: ApprovalRule };
};

/**
 * The defaults follow the seed plan's sign-off blocks and a real JCC remit: head teachers sign their
 * own reviews; a JCC review is signed by each school's head teacher and chair of governors. The JCC
 * decides its meeting schedule and a request to join alone; a school leaving needs that school's
 * board; adopting or amending the plan (and anything else, unless configured) needs every board.
 */
export const DEFAULT_GOVERNANCE: GovernanceRules = {
  signatures: {
    head_teachers: ['head_teacher'],
    jcc: ['head_teacher', 'chair_of_governors'],
  },
  approvals: {
    adopt_plan: 'all_boards',
    amend_plan: 'all_boards',
    meeting_schedule: 'jcc',
    admit_school: 'jcc',
    school_leaves: 'school_board',
    other: 'all_boards',
  },
};

/** Roles that may be asked to sign a review line: roles held at a school (lines are per school). */
export const SIGNING_ROLES = ['head_teacher', 'chair_of_governors', 'clerk', 'governor'] as const satisfies readonly Role[];

/**
 * The approval rules each decision type may be given. A plan is authorised by every school's own
 * board (the seed plan's rule), so adopting or amending it always needs every board; a school
 * leaving needs at least its own board; the others may be the JCC's alone.
 */
export const ALLOWED_APPROVAL_RULES: { [T in RecommendationType]: readonly ApprovalRule[] } = {
  adopt_plan: ['all_boards'],
  amend_plan: ['all_boards'],
  meeting_schedule: ['jcc', 'all_boards'],
  admit_school: ['jcc', 'all_boards'],
  school_leaves: ['school_board', 'all_boards'],
  other: ['jcc', 'all_boards'],
};

/** Roles that record a board's decision for their own school. */
export const BOARD_RECORDER_ROLES = ['chair_of_governors', 'clerk'] as const satisfies readonly Role[];

export function governanceRules(settings: GovernanceSettings | null | undefined): GovernanceRules {
  const approvals = { ...DEFAULT_GOVERNANCE.approvals };
  for (const [type, rule] of Object.entries(settings?.approvals ?? {}) as [RecommendationType, ApprovalRule][]) {
    // A stored rule the type may not have (older settings) falls back to the default.
    if (ALLOWED_APPROVAL_RULES[type]?.includes(rule)) approvals[type] = rule;
  }
  const signatures = { ...DEFAULT_GOVERNANCE.signatures };
  for (const kind of ['head_teachers', 'jcc'] as const) {
    const roles = settings?.signatures?.[kind]?.filter((r) => (SIGNING_ROLES as readonly Role[]).includes(r));
    if (roles?.length) signatures[kind] = roles;
  }
  return { signatures, approvals };
}

export const roleLabels: Record<Role, string> = {
  head_teacher: 'Head teacher',
  chair_of_governors: 'Chair of governors',
  clerk: 'Clerk to the governors',
  governor: 'Governor',
  jcc_member: 'JCC member',
  subject_lead: 'Subject lead',
  staff: 'Staff',
  partnership_admin: 'Partnership administrator',
  viewer: 'Viewer',
};

export const recommendationTypeLabels: Record<RecommendationType, string> = {
  adopt_plan: 'Adopt the plan',
  amend_plan: 'Amend the plan',
  meeting_schedule: 'JCC meeting schedule',
  admit_school: 'A school asks to join the collaboration',
  school_leaves: 'A school leaves the collaboration',
  other: 'Another decision',
};

export const approvalRuleLabels: Record<ApprovalRule, string> = {
  jcc: 'The JCC decides alone',
  school_board: 'The JCC and that school’s board',
  all_boards: 'Every partner school’s board',
};
