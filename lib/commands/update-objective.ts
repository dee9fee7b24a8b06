import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { objectives } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { presentObjective } from '@/lib/presenters/entities';
import type { ObjectiveView } from '@/lib/presenters/types';
import { objectiveView } from '@/lib/queries/entities';
import { updateObjectiveInput } from '@/lib/validation/plan-content';
import { renumberObjectives } from './positions';
import { type EditOptions, changesBetween, editAudit, loadObjective, runCommand, touchPlan } from './support';

/** Edits an objective's wording and/or moves it to another number (the others renumber). */
export async function updateObjective(db: Db, actor: Actor, id: string, input: unknown, options: EditOptions = {}): Promise<ObjectiveView> {
  const { version, ...fields } = parseInput(updateObjectiveInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, objective } = await loadObjective(tx, actor, id);
    authorize(actor, 'plan.update', plan, 'Objective');
    if (objective.version !== version) throw staleVersion(presentObjective(objective), 'This objective');
    if (fields.number !== undefined) {
      // A number past the end means "last": compare where it would really land.
      const [{ n }] = await tx.select({ n: count() }).from(objectives).where(eq(objectives.planId, plan.id));
      fields.number = Math.min(Math.max(fields.number, 1), n);
    }
    const changes = changesBetween(objective, fields, ['text', 'number']);
    if (!changes.length) return presentObjective(objective);
    if (fields.text !== undefined) await tx.update(objectives).set({ text: fields.text }).where(eq(objectives.id, id));
    if (fields.number !== undefined && fields.number !== objective.number) {
      await renumberObjectives({ tx, audit }, plan, { id, number: fields.number });
    }
    await tx.update(objectives).set({ version: objective.version + 1 }).where(eq(objectives.id, id));
    const moved = await objectiveView(tx, id);
    const numberChange = changes.find((c) => c.field === 'number');
    if (numberChange) numberChange.after = moved.number;
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'objective',
      entityId: id,
      ...editAudit(changes.every((c) => c.field === 'number') ? 'objective.move' : 'objective.update', 'objective.restore', options),
      changes,
    });
    await touchPlan(tx, plan.id);
    return moved;
  });
}
