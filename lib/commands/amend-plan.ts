import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actionSchools, actions, impactEntries, objectives, partnerships, plans, strandObjectives, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { PlanSummaryView } from '@/lib/presenters/types';
import { presentPlanSummary } from '@/lib/presenters/plan';
import { emptyInput } from '@/lib/validation/governance';
import { loadPlan, runCommand } from './support';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Opens a new draft version of a ratified plan, carrying everything over: objectives, strands and
 * their links, actions with their schools, and impact to date (withdrawn entries too). Each copied
 * row keeps the id of the row it descends from (`originId`), so versions compare row by row. The
 * ratified version stays as it was; reviews belong to the version they reviewed and are not copied.
 */
export async function amendPlan(db: Db, actor: Actor, planId: string, input: unknown = {}): Promise<PlanSummaryView> {
  parseInput(emptyInput, input ?? {});
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId, 'update');
    if (plan.status !== 'ratified') {
      throw new AppError('conflict', `Only a ratified plan is amended; this version is ${plan.status.replace('_', ' ')} and can be edited as it is.`);
    }
    authorize(actor, 'plan.amend', { partnershipId: plan.partnershipId, status: plan.status }, 'Plan');
    const [newer] = await tx
      .select({ id: plans.id, versionNumber: plans.versionNumber })
      .from(plans)
      .where(and(eq(plans.lineageId, plan.lineageId), gt(plans.versionNumber, plan.versionNumber)))
      .limit(1);
    if (newer) throw new AppError('conflict', `Version ${newer.versionNumber} of this plan is already open: amend that one.`, { planId: newer.id });

    const now = new Date();
    const newPlanId = randomUUID();
    const [created] = await tx
      .insert(plans)
      .values({
        id: newPlanId,
        partnershipId: plan.partnershipId,
        lineageId: plan.lineageId,
        versionNumber: plan.versionNumber + 1,
        parentPlanId: plan.id,
        title: plan.title,
        academicYear: plan.academicYear,
        yearLabel: plan.yearLabel,
        note: `Amended and updated following review – ${MONTHS[now.getUTCMonth()]} ${now.getUTCFullYear()}`,
        objectivesIntro: plan.objectivesIntro,
        impactAsOf: plan.impactAsOf,
        status: 'draft',
        createdById: actor.id,
      })
      .returning();

    const [objectiveRows, strandRows, linkRows, actionRows, schoolRows, impactRows] = await Promise.all([
      tx.select().from(objectives).where(eq(objectives.planId, plan.id)),
      tx.select().from(strands).where(eq(strands.planId, plan.id)),
      tx
        .select({ strandId: strandObjectives.strandId, objectiveId: strandObjectives.objectiveId })
        .from(strandObjectives)
        .innerJoin(strands, eq(strands.id, strandObjectives.strandId))
        .where(eq(strands.planId, plan.id)),
      tx.select().from(actions).where(eq(actions.planId, plan.id)),
      tx
        .select({ actionId: actionSchools.actionId, schoolId: actionSchools.schoolId })
        .from(actionSchools)
        .where(inArray(actionSchools.actionId, tx.select({ id: actions.id }).from(actions).where(eq(actions.planId, plan.id)))),
      tx.select().from(impactEntries).where(eq(impactEntries.planId, plan.id)),
    ]);
    const ids = new Map<string, string>();
    const copyId = (id: string) => {
      const next = randomUUID();
      ids.set(id, next);
      return next;
    };
    if (objectiveRows.length) {
      await tx.insert(objectives).values(
        objectiveRows.map(({ id, createdAt: _c, version: _v, ...o }) => ({ ...o, id: copyId(id), planId: newPlanId, originId: o.originId ?? id })),
      );
    }
    if (strandRows.length) {
      await tx.insert(strands).values(
        strandRows.map(({ id, createdAt: _c, version: _v, ...s }) => ({ ...s, id: copyId(id), planId: newPlanId, originId: s.originId ?? id })),
      );
    }
    if (linkRows.length) {
      await tx.insert(strandObjectives).values(linkRows.map((l) => ({ strandId: ids.get(l.strandId) as string, objectiveId: ids.get(l.objectiveId) as string })));
    }
    if (actionRows.length) {
      await tx.insert(actions).values(
        actionRows.map(({ id, createdAt: _c, version: _v, ...a }) => ({
          ...a,
          id: copyId(id),
          planId: newPlanId,
          strandId: ids.get(a.strandId) as string,
          originId: a.originId ?? id,
        })),
      );
    }
    if (schoolRows.length) {
      await tx.insert(actionSchools).values(schoolRows.map((s) => ({ actionId: ids.get(s.actionId) as string, schoolId: s.schoolId })));
    }
    if (impactRows.length) {
      await tx.insert(impactEntries).values(
        impactRows.map(({ id, createdAt: _c, version: _v, ...e }) => ({
          ...e,
          id: copyId(id),
          planId: newPlanId,
          strandId: ids.get(e.strandId) as string,
          actionId: e.actionId ? (ids.get(e.actionId) ?? null) : null,
          originId: e.originId ?? id,
        })),
      );
    }
    await audit({
      partnershipId: plan.partnershipId,
      planId: newPlanId,
      entityType: 'plan',
      entityId: newPlanId,
      verb: 'plan.amend',
      data: {
        fromPlanId: plan.id,
        fromVersion: plan.versionNumber,
        versionNumber: created.versionNumber,
        copied: { objectives: objectiveRows.length, strands: strandRows.length, actions: actionRows.length, impactEntries: impactRows.length },
      },
    });
    const [partnership] = await tx.select({ id: partnerships.id, name: partnerships.name }).from(partnerships).where(eq(partnerships.id, plan.partnershipId));
    return presentPlanSummary(created, partnership);
  });
}
