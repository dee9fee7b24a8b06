import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ActionEntityView } from '@/lib/presenters/types';
import { actionEntityView } from '@/lib/queries/entities';
import { createActionInput } from '@/lib/validation/plan-content';
import { dueColumns, dueOf, ragColumns } from './action-fields';
import { schoolIdsOf, setActionSchools } from './action-schools';
import { checkMember, checkSchoolIds } from './plan-references';
import { repositionActions } from './positions';
import { loadStrand, runCommand, touchPlan } from './support';

/** Adds an action to a strand: plan editors and the strand's lead. */
export async function createAction(db: Db, actor: Actor, strandId: string, input: unknown): Promise<ActionEntityView> {
  const data = parseInput(createActionInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, strand } = await loadStrand(tx, actor, strandId);
    authorize(actor, 'strand.update', { partnershipId: plan.partnershipId, status: plan.status, leadUserId: strand.leadUserId }, 'Strand');
    await checkMember(tx, plan.partnershipId, data.ownerUserId, 'ownerUserId');
    const schoolIds = await checkSchoolIds(tx, plan.partnershipId, data.schoolIds ?? []);
    const rag = ragColumns({ rag: null, ragReason: null }, { rag: data.rag, ragReason: data.ragReason });
    const [{ n }] = await tx.select({ n: count() }).from(actions).where(eq(actions.strandId, strand.id));
    const [row] = await tx
      .insert(actions)
      .values({
        planId: plan.id,
        strandId: strand.id,
        position: n + 1,
        text: data.text,
        ownerUserId: data.ownerUserId ?? null,
        status: data.status ?? 'not_started',
        ...dueColumns(data.due ?? { kind: 'none' }),
        ...rag,
      })
      .returning();
    const position = Math.min(data.position ?? n + 1, n + 1);
    if (position !== n + 1) await repositionActions({ tx, audit }, plan, strand.id, { id: row.id, position });
    await setActionSchools(tx, row.id, schoolIds);
    const after = {
      text: row.text,
      position,
      ownerUserId: row.ownerUserId,
      schoolIds: await schoolIdsOf(tx, row.id),
      due: dueOf(row),
      status: row.status,
      rag: row.rag,
      ragReason: row.ragReason,
    };
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      strandId: strand.id,
      entityType: 'action',
      entityId: row.id,
      verb: 'action.create',
      changes: Object.entries(after)
        .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([field, value]) => ({ field, before: null, after: value })),
    });
    await touchPlan(tx, plan.id);
    return actionEntityView(tx, row.id);
  });
}
