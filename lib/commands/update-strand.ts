import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { collabDocuments, strands } from '@/db/schema';
import { documentName } from '@/lib/collab/names';
import type { Actor } from '@/lib/auth/actor';
import { AppError, staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { StrandFieldsView } from '@/lib/presenters/types';
import { strandFieldsView } from '@/lib/queries/entities';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { updateStrandInput } from '@/lib/validation/plan-content';
import { checkMember, checkObjectiveIds } from './plan-references';
import { repositionStrands } from './positions';
import { setStrandLinks } from './strand-links';
import { type EditOptions, changesBetween, editAudit, loadStrand, restoreData, runCommand, touchPlan } from './support';

/**
 * Edits a strand. Its title and rich text are for plan editors and the strand's lead; its place,
 * its lead and its objective links are for plan editors.
 */
export async function updateStrand(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
  /** Set by the co-editing server when it copies a live document's text back to the row. */
  options: EditOptions & { fromLiveDocument?: boolean } = {},
): Promise<StrandFieldsView> {
  const { version, position, objectiveIds, ...fields } = parseInput(updateStrandInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const structuralEdit = position !== undefined || objectiveIds !== undefined;
    const { plan, strand } = await loadStrand(tx, actor, id, structuralEdit ? 'update' : 'share');
    const resource = { partnershipId: plan.partnershipId, status: plan.status };
    const structural = position !== undefined || objectiveIds !== undefined || fields.leadUserId !== undefined;
    authorize(actor, structural ? 'plan.update' : 'strand.update', { ...resource, leadUserId: strand.leadUserId }, 'Strand');
    if (strand.version !== version) throw staleVersion(await strandFieldsView(tx, id), 'This strand');
    if (!options.fromLiveDocument) {
      // Text that is co-edited live lives in its Yjs document: a write to the row alone would be
      // undone by the next keystroke, so it is refused rather than silently lost.
      const live = (['keyObjective', 'intendedImpact'] as const).filter((f) => fields[f] !== undefined);
      if (live.length) {
        const names = live.map((f) => documentName('strand', id, f));
        const open = await tx.select({ name: collabDocuments.name }).from(collabDocuments).where(inArray(collabDocuments.name, names));
        if (open.length) {
          throw new AppError(
            'conflict',
            'This text is co-edited live. Change it in the plan’s editor, where everyone’s typing is merged.',
            { fields: live.join(', ') },
            await strandFieldsView(tx, id),
          );
        }
      }
    }

    const next = {
      ...(fields.title !== undefined ? { title: fields.title } : {}),
      ...(fields.subtitle !== undefined ? { subtitle: fields.subtitle || null } : {}),
      ...(fields.keyObjective !== undefined ? { keyObjective: sanitizeRichText(fields.keyObjective) } : {}),
      ...(fields.intendedImpact !== undefined ? { intendedImpact: sanitizeRichText(fields.intendedImpact) } : {}),
      ...(fields.leadUserId !== undefined ? { leadUserId: fields.leadUserId } : {}),
    };
    await checkMember(tx, plan.partnershipId, next.leadUserId, 'leadUserId');
    const changes = changesBetween(strand, next, ['title', 'subtitle', 'keyObjective', 'intendedImpact', 'leadUserId']);
    const base = { partnershipId: plan.partnershipId, planId: plan.id, strandId: id, entityType: 'strand' as const, entityId: id };
    let changed = false;
    if (changes.length) {
      await tx.update(strands).set(next).where(eq(strands.id, id));
      await audit({ ...base, ...editAudit('strand.update', 'strand.restore', options), changes });
      changed = true;
    }
    const target = position === undefined ? undefined : Math.min(position, (await tx.select({ id: strands.id }).from(strands).where(eq(strands.planId, plan.id))).length);
    if (target !== undefined && target !== strand.position) {
      await repositionStrands({ tx, audit }, plan, { id, position: target });
      const [moved] = await tx.select({ position: strands.position }).from(strands).where(eq(strands.id, id));
      await audit({ ...base, ...editAudit('strand.move', 'strand.restore', options), changes: [{ field: 'position', before: strand.position, after: moved.position }] });
      changed = true;
    }
    if (objectiveIds !== undefined) {
      const { added, removed } = await setStrandLinks(tx, id, await checkObjectiveIds(tx, plan.id, objectiveIds));
      for (const o of added) {
        await audit({ ...base, verb: 'strand.link_objective', changes: [{ field: 'objective', before: null, after: o.number }], data: { objectiveId: o.id, ...restoreData(options) } });
      }
      for (const o of removed) {
        await audit({ ...base, verb: 'strand.unlink_objective', changes: [{ field: 'objective', before: o.number, after: null }], data: { objectiveId: o.id, ...restoreData(options) } });
      }
      changed ||= added.length + removed.length > 0;
    }
    if (changed) {
      await tx.update(strands).set({ version: strand.version + 1 }).where(eq(strands.id, id));
      if (structuralEdit) await touchPlan(tx, plan.id);
    }
    return strandFieldsView(tx, id);
  });
}
