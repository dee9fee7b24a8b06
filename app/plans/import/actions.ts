'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ImportState } from '@/components/plan/import-state';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { MAX_IMPORT_BYTES, importPlan } from '@/lib/commands/import-plan';
import { AppError } from '@/lib/errors';

const form = z.object({
  partnershipId: z.string().uuid('Choose a partnership.'),
  file: z
    .instanceof(File, { message: 'Choose the plan file to import.' })
    .refine((f) => f.size > 0, 'The file is empty. Choose the plan file to import.')
    .refine((f) => f.size <= MAX_IMPORT_BYTES, 'The file is larger than 1 MB; a plan document is far smaller.'),
});

/** Imports an uploaded plan document and opens it. */
export async function importPlanAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  const actor = await requireActor();
  const parsed = form.safeParse({ partnershipId: formData.get('partnershipId'), file: formData.get('file') });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Check the form and try again.' };
  let planId: string;
  try {
    const text = await parsed.data.file.text();
    ({ planId } = await importPlan(getDb(), { actor, partnershipId: parsed.data.partnershipId, text, fileName: parsed.data.file.name }));
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  redirect(`/plans/${planId}`);
}
