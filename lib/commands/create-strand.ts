import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { strands } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { StrandFieldsView } from '@/lib/presenters/types';
import { strandFieldsView } from '@/lib/queries/entities';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { createStrandInput } from '@/lib/validation/plan-content';
import { checkMember, checkObjectiveIds } from './plan-references';
import { repositionStrands } from './positions';
import { setStrandLinks } from './strand-links';
import { loadPlan, runCommand, touchPlan } from './support';

/** Adds a strand (a row of the plan), at the end or at the position given. */
export async function createStrand(db: Db, actor: Actor, planId: string, input: unknown): Promise<StrandFieldsView> {
  const data = parseInput(createStrandInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const plan = await loadPlan(tx, actor, planId);
    authorize(actor, 'plan.update', plan, 'Plan');
    const objectiveIds = await checkObjectiveIds(tx, plan.id, data.objectiveIds ?? []);
    await checkMember(tx, plan.partnershipId, data.leadUserId, 'leadUserId');
    const [{ n }] = await tx.select({ n: count() }).from(strands).where(eq(strands.planId, plan.id));
    const values = {
      title: data.title,
      subtitle: data.subtitle || null,
      keyObjective: sanitizeRichText(data.keyObjective ?? ''),
      intendedImpact: sanitizeRichText(data.intendedImpact ?? ''),
      leadUserId: data.leadUserId ?? null,
    };
    const [row] = await tx.insert(strands).values({ planId: plan.id, position: n + 1, ...values }).returning();
    const position = Math.min(data.position ?? n + 1, n + 1);
    if (position !== n + 1) await repositionStrands({ tx, audit }, plan, { id: row.id, position });
    await setStrandLinks(tx, row.id, objectiveIds);
    const view = await strandFieldsView(tx, row.id);
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      strandId: row.id,
      entityType: 'strand',
      entityId: row.id,
      verb: 'strand.create',
      changes: [
        ...Object.entries(values)
          .filter(([, v]) => v !== null && v !== '')
          .map(([field, after]) => ({ field, before: null, after })),
        { field: 'position', before: null, after: view.position },
        ...(objectiveIds.length ? [{ field: 'objectiveNumbers', before: null, after: view.objectiveNumbers }] : []),
      ],
    });
    await touchPlan(tx, plan.id);
    return view;
  });
}
