import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions, impactEntries, strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, staleVersion } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import type { StrandFieldsView } from '@/lib/presenters/types';
import { actionEntityView, strandFieldsView } from '@/lib/queries/entities';
import { repositionStrands } from './positions';
import { loadStrand, runCommand, toAuditValue, touchPlan } from './support';

/**
 * Removes a strand with its actions; refused while it holds impact entries (evidence is withdrawn,
 * never deleted). The audit event keeps a full copy of what was removed.
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
    if (entryIds.length) {
      // Impact to date is evidence people logged: it is withdrawn, never deleted, so its strand stays.
      throw new AppError(
        'conflict',
        `“${strand.title}” has impact logged against it (${entryIds.length} ${entryIds.length === 1 ? 'entry' : 'entries'}), so it cannot be removed.`,
        { impactEntries: entryIds.length },
        view,
      );
    }
    const removedActions = await Promise.all(actionIds.map((a) => actionEntityView(tx, a.id)));
    await tx.delete(strands).where(eq(strands.id, id));
    await repositionStrands({ tx, audit }, plan);
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
      data: { strand: toAuditValue(view), actions: toAuditValue(removedActions) },
    });
    await touchPlan(tx, plan.id);
    return view;
  });
}
