import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { authorize } from '@/lib/policies';
import type { ActionEntityView } from '@/lib/presenters/types';
import { actionEntityView } from '@/lib/queries/entities';
import { repositionActions } from './positions';
import { loadAction, runCommand, toAuditValue, touchPlan } from './support';

/** Removes an action; its impact entries stay on the strand and the audit event keeps a copy of it. */
export async function deleteAction(db: Db, actor: Actor, id: string, version?: number): Promise<ActionEntityView> {
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, strand, action } = await loadAction(tx, actor, id);
    authorize(
      actor,
      'action.delete',
      { partnershipId: plan.partnershipId, status: plan.status, ownerUserId: action.ownerUserId, strandLeadUserId: strand.leadUserId },
      'Action',
    );
    const view = await actionEntityView(tx, id);
    if (version !== undefined && action.version !== version) throw staleVersion(view, 'This action');
    await tx.delete(actions).where(eq(actions.id, id));
    await repositionActions({ tx, audit }, plan, strand.id);
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      strandId: strand.id,
      entityType: 'action',
      entityId: id,
      verb: 'action.delete',
      changes: [{ field: 'text', before: action.text, after: null }],
      data: { action: toAuditValue(view) },
    });
    await touchPlan(tx, plan.id);
    return view;
  });
}
