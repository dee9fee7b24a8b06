import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { impactEntries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { AppError, fieldErrors, staleVersion } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import type { ImpactEntityView } from '@/lib/presenters/types';
import { impactEntityView } from '@/lib/queries/entities';
import { sanitizeRichText } from '@/lib/richtext/sanitize';
import { updateImpactInput } from '@/lib/validation/plan-content';
import { type EditOptions, changesBetween, editAudit, loadImpactEntry, runCommand } from './support';

/**
 * Edits an impact entry (the earlier wording stays in the history) or withdraws it: a withdrawn
 * entry is kept and shown as withdrawn, never deleted.
 */
export async function updateImpactEntry(db: Db, actor: Actor, id: string, input: unknown, options: EditOptions = {}): Promise<ImpactEntityView> {
  const { version, withdrawn, withdrawnReason, ...fields } = parseInput(updateImpactInput, input);
  const body = fields.body !== undefined ? sanitizeRichText(fields.body) : undefined;
  if (body === '') throw fieldErrors({ body: 'An entry cannot be emptied: withdraw it instead.' });
  return runCommand(db, actor, async ({ tx, audit }) => {
    const { plan, strand, entry } = await loadImpactEntry(tx, actor, id, 'share');
    authorize(actor, 'impact.update', { partnershipId: plan.partnershipId, status: plan.status, authorUserId: entry.authorUserId }, 'Impact entry');
    if (entry.version !== version) throw staleVersion(await impactEntityView(tx, id), 'This entry');
    if (entry.withdrawnAt) throw new AppError('conflict', 'This entry has been withdrawn, so it can no longer be changed.', undefined, await impactEntityView(tx, id));
    const base = { partnershipId: plan.partnershipId, planId: plan.id, strandId: strand.id, entityType: 'impact' as const, entityId: id };

    if (withdrawn) {
      const reason = withdrawnReason?.trim() || null;
      await tx
        .update(impactEntries)
        .set({ withdrawnAt: new Date(), withdrawnById: actor.id, withdrawnReason: reason, version: entry.version + 1 })
        .where(eq(impactEntries.id, id));
      await audit({ ...base, verb: 'impact.withdraw', changes: [{ field: 'withdrawn', before: false, after: true }], data: { reason } });
      return impactEntityView(tx, id);
    }

    const next = {
      ...(body !== undefined ? { body } : {}),
      ...(fields.date !== undefined ? { date: fields.date } : {}),
      ...(fields.evidenceUrl !== undefined ? { evidenceUrl: fields.evidenceUrl } : {}),
    };
    const changes = changesBetween({ body: entry.body, date: entry.entryDate, evidenceUrl: entry.evidenceUrl }, next, ['body', 'date', 'evidenceUrl']);
    if (changes.length) {
      await tx
        .update(impactEntries)
        .set({
          ...(next.body !== undefined ? { body: next.body } : {}),
          ...(next.date !== undefined ? { entryDate: next.date } : {}),
          ...(next.evidenceUrl !== undefined ? { evidenceUrl: next.evidenceUrl } : {}),
          version: entry.version + 1,
        })
        .where(eq(impactEntries.id, id));
      await audit({ ...base, ...editAudit('impact.update', 'impact.restore', options), changes });
    }
    return impactEntityView(tx, id);
  });
}
