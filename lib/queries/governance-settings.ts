import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { type ApprovalRule, type RecommendationType, type ReviewKind, type Role, partnerships } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import {
  DEFAULT_GOVERNANCE,
  type GovernanceRules,
  SIGNING_ROLES,
  approvalRuleLabels,
  governanceRules,
  recommendationTypeLabels,
  roleLabels,
} from '@/lib/governance/rules';
import { authorize, can } from '@/lib/policies';
import { APPROVAL_RULES, RECOMMENDATION_TYPES, REVIEW_KINDS, REVIEW_KIND_LABELS } from '@/lib/validation/governance-settings';

/** A partnership's governance rules as its members see them, with the choices the form offers. */
export type GovernanceSettingsView = {
  partnership: { id: string; name: string };
  rules: GovernanceRules;
  defaults: GovernanceRules;
  /** Whether the partnership uses exactly the defaults. */
  usesDefaults: boolean;
  options: {
    reviewKinds: { value: ReviewKind; label: string }[];
    signingRoles: { value: Role; label: string }[];
    recommendationTypes: { value: RecommendationType; label: string }[];
    approvalRules: { value: ApprovalRule; label: string }[];
  };
  /** Whether the person viewing may change them (partnership admins and head teachers). */
  canManage: boolean;
};

const uuid = z.string().uuid();

/** The rules exactly as a review or recommendation would take them now (defaults filled in). */
export function sameRules(a: GovernanceRules, b: GovernanceRules): boolean {
  return (
    REVIEW_KINDS.every((k) => a.signatures[k].join() === b.signatures[k].join()) &&
    RECOMMENDATION_TYPES.every((t) => a.approvals[t] === b.approvals[t])
  );
}

export function governanceSettingsView(actor: Actor, partnership: { id: string; name: string; governance: Parameters<typeof governanceRules>[0] }): GovernanceSettingsView {
  const rules = governanceRules(partnership.governance);
  return {
    partnership: { id: partnership.id, name: partnership.name },
    rules,
    defaults: DEFAULT_GOVERNANCE,
    usesDefaults: sameRules(rules, DEFAULT_GOVERNANCE),
    options: {
      reviewKinds: REVIEW_KINDS.map((value) => ({ value, label: REVIEW_KIND_LABELS[value] })),
      signingRoles: SIGNING_ROLES.map((value) => ({ value, label: roleLabels[value] })),
      recommendationTypes: RECOMMENDATION_TYPES.map((value) => ({ value, label: recommendationTypeLabels[value] })),
      approvalRules: APPROVAL_RULES.map((value) => ({ value, label: approvalRuleLabels[value] })),
    },
    canManage: can(actor, 'governance.manage', { partnershipId: partnership.id }),
  };
}

/** A partnership's governance rules, for any of its members; another partnership's is 404. */
export async function getGovernanceSettings(db: Executor, actor: Actor, partnershipId: string): Promise<GovernanceSettingsView> {
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  authorize(actor, 'members.read', { partnershipId }, 'Partnership');
  const [row] = await db
    .select({ id: partnerships.id, name: partnerships.name, governance: partnerships.governance })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId));
  if (!row) throw notFound('Partnership');
  return governanceSettingsView(actor, row);
}
