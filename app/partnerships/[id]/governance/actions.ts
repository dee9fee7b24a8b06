'use server';

import { revalidatePath } from 'next/cache';
import type { GovernanceFormState } from '@/components/governance-settings/state';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateGovernance } from '@/lib/commands/update-governance';
import { AppError } from '@/lib/errors';
import { RECOMMENDATION_TYPES, REVIEW_KINDS } from '@/lib/validation/governance-settings';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
};

/** Saves the partnership's governance rules from the settings form. */
export async function updateGovernanceAction(_prev: GovernanceFormState, formData: FormData): Promise<GovernanceFormState> {
  const actor = await requireActor();
  const partnershipId = text(formData, 'partnershipId');
  const input = {
    signatures: Object.fromEntries(REVIEW_KINDS.map((kind) => [kind, formData.getAll(`signatures.${kind}`).filter((v) => typeof v === 'string')])),
    approvals: Object.fromEntries(RECOMMENDATION_TYPES.map((type) => [type, text(formData, `approvals.${type}`)])),
  };
  try {
    await updateGovernance(getDb(), actor, partnershipId, input);
    revalidatePath(`/partnerships/${partnershipId}/governance`);
    return { error: null, fields: {}, saved: true };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields: { [field: string]: string } = {};
    const given = error.details?.fields;
    if (given && typeof given === 'object' && !Array.isArray(given)) {
      for (const [field, message] of Object.entries(given)) if (typeof message === 'string') fields[field.replace(/\.\d+$/, '')] ??= message;
    }
    return { error: error.message, fields, saved: false };
  }
}
