import { and, eq, max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { actions, impactEntries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { fieldErrors } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ImpactEntityView } from '@/lib/presenters/types';
import { impactEntityView } from '@/lib/queries/entities';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { createImpactInput } from '@/lib/validation/plan-content';
import { loadStrand, runCommand, touchPlan } from './support';

/** Logs impact to date on a strand (optionally against one of its actions), dated and attributed. */
export async function createImpactEntry(db: Db, actor: Actor, strandId: string, input: unknown): Promise<ImpactEntityView> {
  const data = parseInput(createImpactInput, input);
  const body = sanitizeRichText(data.body);
  if (!body) throw fieldErrors({ body: 'Write what happened: the entry is empty.' });
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, strand } = await loadStrand(tx, actor, strandId);
    authorize(actor, 'impact.create', { partnershipId: plan.partnershipId, status: plan.status }, 'Strand');
    if (data.actionId) {
      const [found] = await tx.select({ id: actions.id }).from(actions).where(and(eq(actions.id, data.actionId), eq(actions.strandId, strand.id)));
      if (!found) throw fieldErrors({ actionId: 'Choose an action of this strand.' });
    }
    const [{ last }] = await tx.select({ last: max(impactEntries.position) }).from(impactEntries).where(eq(impactEntries.strandId, strand.id));
    const [row] = await tx
      .insert(impactEntries)
      .values({
        planId: plan.id,
        strandId: strand.id,
        actionId: data.actionId ?? null,
        position: (last ?? 0) + 1,
        entryDate: data.date ?? new Date().toISOString().slice(0, 10),
        authorUserId: actor.id,
        body,
        evidenceUrl: data.evidenceUrl ?? null,
      })
      .returning();
    await audit({
      partnershipId: plan.partnershipId,
      planId: plan.id,
      strandId: strand.id,
      entityType: 'impact',
      entityId: row.id,
      verb: 'impact.create',
      changes: [
        { field: 'body', before: null, after: row.body },
        { field: 'date', before: null, after: row.entryDate },
        ...(row.evidenceUrl ? [{ field: 'evidenceUrl', before: null, after: row.evidenceUrl }] : []),
      ],
      data: { actionId: row.actionId },
    });
    await touchPlan(tx, plan.id);
    return impactEntityView(tx, row.id);
  });
}
