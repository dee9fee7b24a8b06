import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type FieldChange, type GovernanceSettings, partnerships } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { governanceRules } from '@/lib/governance/rules';
import { parseInput } from '@/lib/http';
import { authorize } from '@/lib/policies';
import { type GovernanceSettingsView, governanceSettingsView } from '@/lib/queries/governance-settings';
import { RECOMMENDATION_TYPES, REVIEW_KINDS, governanceSettingsInput } from '@/lib/validation/governance-settings';
import { runCommand } from './support';

const uuid = z.string().uuid();

/**
 * Changes who signs each kind of review and who approves each decision type. Only reviews and
 * recommendations started afterwards follow the new rules: those already made keep the signature
 * lines and approval rule they were given, so nobody's goalposts move mid-way.
 */
export async function updateGovernance(db: Db, actor: Actor, partnershipId: string, input: unknown): Promise<GovernanceSettingsView> {
  if (!uuid.safeParse(partnershipId).success) throw notFound('Partnership');
  // 404 outside the partnership comes before any word about the body.
  authorize(actor, 'governance.manage', { partnershipId }, 'Partnership');
  const next = parseInput(governanceSettingsInput, input);
  return runCommand(db, actor, async ({ tx, audit }) => {
    const [row] = await tx.select().from(partnerships).where(eq(partnerships.id, partnershipId)).for('update');
    if (!row) throw notFound('Partnership');
    const before = governanceRules(row.governance);
    const changes: FieldChange[] = [];
    for (const kind of REVIEW_KINDS) {
      if (before.signatures[kind].join() !== next.signatures[kind].join()) {
        changes.push({ field: `signatures.${kind}`, before: before.signatures[kind], after: next.signatures[kind] });
      }
    }
    for (const type of RECOMMENDATION_TYPES) {
      if (before.approvals[type] !== next.approvals[type]) changes.push({ field: `approvals.${type}`, before: before.approvals[type], after: next.approvals[type] });
    }
    if (!changes.length) return governanceSettingsView(actor, row);
    // Stored whole: the partnership chose every rule, so a later change of the defaults leaves it be.
    const governance: GovernanceSettings = { signatures: { ...next.signatures }, approvals: { ...next.approvals } };
    await tx.update(partnerships).set({ governance }).where(eq(partnerships.id, partnershipId));
    await audit({ partnershipId, entityType: 'partnership', entityId: partnershipId, verb: 'governance.update', changes });
    return governanceSettingsView(actor, { ...row, governance });
  });
}
