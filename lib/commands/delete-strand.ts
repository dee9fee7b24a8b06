import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions, impactEntries, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import type { StrandFieldsView } from '@/lib/presenters/types';
import { actionEntityView, impactEntityView, strandFieldsView } from '@/lib/queries/entities';
import { repositionStrands } from './positions';
import { loadStrand, runCommand, toAuditValue, touchPlan } from './support';

/**
 * Removes a strand with its actions and impact entries. The audit event keeps a full copy of what
 * was removed, so nothing anyone wrote is lost from the record.
 */
export async function deleteStrand(db: Db, actor: Actor, id: string, version?: number): Promise<StrandFieldsView> {
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, strand } = await loadStrand(tx, actor, id);
    authorize(actor, 'plan.update', { partnershipId: plan.partnershipId, status: plan.status }, 'Strand');
    const view = await strandFieldsView(tx, id);
    if (version !== undefined && strand.version !== version) throw staleVersion(view, 'This strand');
    const actionIds = await tx.select({ id: actions.id }).from(actions).where(eq(actions.strandId, id)).orderBy(asc(actions.position));
    const entryIds = await tx
      .select({ id: impactEntries.id })
      .from(impactEntries)
      .where(eq(impactEntries.strandId, id))
      .orderBy(asc(impactEntries.position));
    const removedActions = await Promise.all(actionIds.map((a) => actionEntityView(tx, a.id)));
    const removedImpact = await Promise.all(entryIds.map((e) => impactEntityView(tx, e.id)));
    await tx.delete(strands).where(eq(strands.id, id));
    await repositionStrands(tx, plan.id);
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      strandId: id,
      entityType: 'strand',
      entityId: id,
      verb: 'strand.delete',
      changes: [
        { field: 'title', before: strand.title, after: null },
        { field: 'keyObjective', before: strand.keyObjective, after: null },
        { field: 'intendedImpact', before: strand.intendedImpact, after: null },
      ],
      data: { strand: toAuditValue(view), actions: toAuditValue(removedActions), impact: toAuditValue(removedImpact) },
    });
    await touchPlan(tx, plan.id);
    return view;
  });
}
