import type { PlanStatus, Role } from '@/db/schema';
import { type Actor, membershipOf } from '@/lib/auth/actor';

/** What a rule needs to know about a plan. */
export type PlanResource = { partnershipId: string; status: PlanStatus };
export type StrandResource = PlanResource & { leadUserId: string | null };
export type ActionResource = PlanResource & { ownerUserId: string | null; strandLeadUserId: string | null };
export type ImpactResource = PlanResource & { authorUserId: string | null };

/** Roles that edit every part of a plan. */
const PLAN_EDITORS: readonly Role[] = ['head_teacher', 'partnership_admin'];
/** Roles that bring a plan document into their partnership. */
const IMPORTERS: readonly Role[] = ['head_teacher', 'partnership_admin'];
/** Roles that log impact anywhere in their partnership's plans. */
const IMPACT_LOGGERS: readonly Role[] = ['head_teacher', 'partnership_admin', 'subject_lead', 'staff'];

export function holdsAny(actor: Actor, partnershipId: string, roles: readonly Role[]): boolean {
  return membershipOf(actor, partnershipId)?.roles.some((r) => roles.includes(r.role)) ?? false;
}

/** A ratified or archived plan is read-only (the governance work adds amendments). */
export function isPlanWritable(plan: { status: PlanStatus }): boolean {
  return plan.status === 'draft' || plan.status === 'in_review';
}

const editsPlan = (actor: Actor, plan: PlanResource) => isPlanWritable(plan) && holdsAny(actor, plan.partnershipId, PLAN_EDITORS);
const leads = (actor: Actor, plan: PlanResource, leadUserId: string | null) =>
  isPlanWritable(plan) && leadUserId === actor.id && holdsAny(actor, plan.partnershipId, ['subject_lead']);

/** Plan rules. Everyone in a partnership reads its plans; nobody outside it sees they exist. */
export const planRules = {
  read: (actor: Actor, plan: { partnershipId: string }) => Boolean(membershipOf(actor, plan.partnershipId)),
  import: (actor: Actor, target: { partnershipId: string }) => holdsAny(actor, target.partnershipId, IMPORTERS),
  /** Title, academic year, archive; objectives; adding, removing, reordering and linking strands. */
  update: editsPlan,
  /** A strand's title and rich text, and adding actions to it: plan editors and the strand's lead. */
  updateStrand: (actor: Actor, strand: StrandResource) => editsPlan(actor, strand) || leads(actor, strand, strand.leadUserId),
  /** An action's fields: plan editors, the subject lead who owns it, and the lead of its strand. */
  updateAction: (actor: Actor, action: ActionResource) =>
    editsPlan(actor, action) || leads(actor, action, action.ownerUserId) || leads(actor, action, action.strandLeadUserId),
  /** Removing an action: plan editors and the lead of its strand. */
  deleteAction: (actor: Actor, action: ActionResource) => editsPlan(actor, action) || leads(actor, action, action.strandLeadUserId),
  /** Logging impact: heads, admins, subject leads and staff of the partnership. */
  createImpact: (actor: Actor, plan: PlanResource) => isPlanWritable(plan) && holdsAny(actor, plan.partnershipId, IMPACT_LOGGERS),
  /** Editing or withdrawing an entry: its author (while they may still log impact) and plan editors. */
  updateImpact: (actor: Actor, entry: ImpactResource) =>
    editsPlan(actor, entry) ||
    (isPlanWritable(entry) && entry.authorUserId === actor.id && holdsAny(actor, entry.partnershipId, IMPACT_LOGGERS)),
};
