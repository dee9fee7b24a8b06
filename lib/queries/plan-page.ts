import { asc, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { plans, roleAssignments, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/policies';
import type { PersonOption, PlanPageData, PlanPermissions, PlanView } from '@/lib/presenters/types';
import { getPlanGovernance } from './governance';
import { getPlanView } from './plans';

/** What the signed-in person may do on this plan, computed by the same policies the server enforces. */
export function planPermissions(actor: Actor, plan: PlanView): PlanPermissions {
  const base = { partnershipId: plan.partnership.id, status: plan.status };
  const permissions: PlanPermissions = {
    update: can(actor, 'plan.update', base),
    createImpact: can(actor, 'impact.create', base),
    strands: {},
    actions: {},
    impact: {},
    readHistory: can(actor, 'history.read', base),
  };
  for (const strand of plan.strands) {
    const lead = strand.lead?.id ?? null;
    const update = can(actor, 'strand.update', { ...base, leadUserId: lead });
    permissions.strands[strand.id] = { update, createAction: update };
    for (const action of strand.actions) {
      const resource = { ...base, ownerUserId: action.ownerId, strandLeadUserId: lead };
      permissions.actions[action.id] = { update: can(actor, 'action.update', resource), delete: can(actor, 'action.delete', resource) };
    }
    for (const entry of strand.impact) {
      permissions.impact[entry.id] = { update: !entry.withdrawn && can(actor, 'impact.update', { ...base, authorUserId: entry.authorId }) };
    }
  }
  return permissions;
}

/** The people of a partnership, for choosing an action's owner or a strand's lead. */
export async function partnershipPeople(db: Executor, partnershipId: string): Promise<PersonOption[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.partnershipId, partnershipId))
    .orderBy(asc(users.name));
  const byId = new Map<string, PersonOption>();
  for (const r of rows) {
    const person = byId.get(r.id) ?? { id: r.id, name: r.name, roles: [] };
    if (!person.roles.includes(r.role)) person.roles.push(r.role);
    byId.set(r.id, person);
  }
  return [...byId.values()];
}

/** Everything the plan page needs: the plan, what this person may do on it, and the partnership's people. */
export async function getPlanPageData(db: Executor, actor: Actor, planId: string): Promise<PlanPageData> {
  const plan = await getPlanView(db, actor, planId);
  const [row] = await db.select().from(plans).where(eq(plans.id, plan.id));
  const [people, governance] = await Promise.all([partnershipPeople(db, plan.partnership.id), getPlanGovernance(db, actor, row)]);
  return { plan, permissions: planPermissions(actor, plan), people, governance };
}
