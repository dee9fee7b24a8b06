import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { objectives, strandObjectives, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, staleVersion } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import { presentObjective } from '@/lib/presenters/entities';
import type { ObjectiveView } from '@/lib/presenters/types';
import { renumberObjectives } from './positions';
import { loadObjective, runCommand, touchPlan } from './support';

/** Removes an objective; refused while any strand links to it, naming those strands. */
export async function deleteObjective(db: Db, actor: Actor, id: string, version?: number): Promise<ObjectiveView> {
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, objective } = await loadObjective(tx, actor, id);
    authorize(actor, 'plan.update', plan, 'Objective');
    if (version !== undefined && objective.version !== version) throw staleVersion(presentObjective(objective), 'This objective');
    const linked = await tx
      .select({ title: strands.title })
      .from(strandObjectives)
      .innerJoin(strands, eq(strands.id, strandObjectives.strandId))
      .where(eq(strandObjectives.objectiveId, id))
      .orderBy(asc(strands.position));
    if (linked.length) {
      const names = linked.map((s) => s.title);
      throw new AppError(
        'conflict',
        `Objective ${objective.number} is linked to ${names.length === 1 ? 'the strand' : 'the strands'} ${names.join(', ')}. Unlink it there first.`,
        { strands: names },
        presentObjective(objective),
      );
    }
    await tx.delete(objectives).where(eq(objectives.id, id));
    await renumberObjectives({ tx, audit }, plan);
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      entityType: 'objective',
      entityId: id,
      verb: 'objective.delete',
      changes: [
        { field: 'text', before: objective.text, after: null },
        { field: 'number', before: objective.number, after: null },
      ],
    });
    await touchPlan(tx, plan.id);
    return presentObjective(objective);
  });
}
