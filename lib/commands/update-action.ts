import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ActionEntityView } from '@/lib/presenters/types';
import { actionEntityView } from '@/lib/queries/entities';
import { updateActionInput } from '@/lib/validation/plan-content';
import { dueColumns, dueOf, ragColumns } from './action-fields';
import { schoolIdsOf, setActionSchools } from './action-schools';
import { checkMember, checkSchoolIds } from './plan-references';
import { repositionActions } from './positions';
import { type EditOptions, changesBetween, editAudit, loadAction, runCommand, touchPlan } from './support';

/** Edits an action: its text, owner, schools, due point, status, RAG rating (with reason) or place. */
export async function updateAction(db: Db, actor: Actor, id: string, input: unknown, options: EditOptions = {}): Promise<ActionEntityView> {
  const { version, position, ...fields } = parseInput(updateActionInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    // Moving reorders the strand: that needs the plan to itself; other edits only lock the action.
    const { plan, strand, action } = await loadAction(tx, actor, id, position === undefined ? 'share' : 'update');
    const resource = { partnershipId: plan.partnershipId, status: plan.status };
    authorize(actor, 'action.update', { ...resource, ownerUserId: action.ownerUserId, strandLeadUserId: strand.leadUserId }, 'Action');
    if (position !== undefined) authorize(actor, 'strand.update', { ...resource, leadUserId: strand.leadUserId }, 'Action');
    if (action.version !== version) throw staleVersion(await actionEntityView(tx, id), 'This action');
    await checkMember(tx, plan.partnershipId, fields.ownerUserId, 'ownerUserId');

    const before = {
      text: action.text,
      ownerUserId: action.ownerUserId,
      // Only compared when the edit sets them (changesBetween looks at the fields given).
      schoolIds: fields.schoolIds !== undefined ? await schoolIdsOf(tx, id) : [],
      due: dueOf(action),
      status: action.status,
      rag: action.rag,
      ragReason: action.ragReason,
    };
    const rag = ragColumns(action, { rag: fields.rag, ragReason: fields.ragReason });
    const schoolIds = fields.schoolIds !== undefined ? (await checkSchoolIds(tx, plan.partnershipId, fields.schoolIds)).sort() : undefined;
    const after = {
      ...(fields.text !== undefined ? { text: fields.text } : {}),
      ...(fields.ownerUserId !== undefined ? { ownerUserId: fields.ownerUserId } : {}),
      ...(schoolIds !== undefined ? { schoolIds } : {}),
      ...(fields.due !== undefined ? { due: fields.due } : {}),
      ...(fields.status !== undefined ? { status: fields.status } : {}),
      ...rag,
    };
    const changes = changesBetween(before, after, ['text', 'ownerUserId', 'schoolIds', 'due', 'status', 'rag', 'ragReason']);
    const base = { partnershipId: plan.partnershipId, planId: plan.id, strandId: strand.id, entityType: 'action' as const, entityId: id };
    // The version moves with the first write.
    let bumped = false;
    if (changes.length) {
      await tx
        .update(actions)
        .set({
          ...(after.text !== undefined ? { text: after.text } : {}),
          ...(after.ownerUserId !== undefined ? { ownerUserId: after.ownerUserId } : {}),
          ...(after.status !== undefined ? { status: after.status } : {}),
          ...(after.due !== undefined ? dueColumns(after.due) : {}),
          ...rag,
          version: action.version + 1,
        })
        .where(eq(actions.id, id));
      bumped = true;
      if (schoolIds !== undefined) await setActionSchools(tx, id, schoolIds);
      await audit({ ...base, ...editAudit('action.update', 'action.restore', options), changes });
    }
    const target = position === undefined ? undefined : Math.min(position, (await tx.select({ id: actions.id }).from(actions).where(eq(actions.strandId, strand.id))).length);
    if (target !== undefined && target !== action.position) {
      await repositionActions({ tx, audit }, plan, strand.id, { id, position: target });
      if (!bumped) await tx.update(actions).set({ version: action.version + 1 }).where(eq(actions.id, id));
      const [moved] = await tx.select({ position: actions.position }).from(actions).where(eq(actions.id, id));
      await audit({ ...base, ...editAudit('action.move', 'action.restore', options), changes: [{ field: 'position', before: action.position, after: moved.position }] });
      // Writing the plan row would serialize every edit of the plan (and could deadlock under the
      // shared lock): only a move, which holds the plan exclusively, marks it changed.
      await touchPlan(tx, plan.id);
    }
    return actionEntityView(tx, id);
  });
}
