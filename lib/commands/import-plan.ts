import type { Db } from '@/db/client';
import { type AuditActor, auditActorOf, systemActor } from '@/lib/audit/events';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { parsePlanDocument } from '@/lib/import/parse';
import { ImportFormatError, type ParsedPlan } from '@/lib/import/types';
import { authorize, can } from '@/lib/policies';
import { createPlanFromDocument } from './create-plan-from-document';

/** The largest plan document accepted, in bytes: the 2017 plan is about 13 KB. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export type ImportPlanOptions = {
  /** The signed-in person importing, or null for the command line run by the operator. */
  actor: Actor | null;
  partnershipId: string;
  text: string;
  fileName?: string | null;
};

/** Reads a plan document and reads it into a new draft plan, all or nothing. */
export async function importPlan(db: Db, options: ImportPlanOptions): Promise<{ planId: string; plan: ParsedPlan }> {
  const { actor, partnershipId } = options;
  if (actor) authorize(actor, 'plan.import', { partnershipId }, 'Partnership');
  if (Buffer.byteLength(options.text, 'utf8') > MAX_IMPORT_BYTES) {
    throw new AppError('payload_too_large', 'The file is larger than 1 MB; a plan document is far smaller.');
  }
  let parsed: ParsedPlan;
  try {
    parsed = parsePlanDocument(options.text);
  } catch (error) {
    if (error instanceof ImportFormatError) {
      throw new AppError('invalid_import', error.message, { line: error.line, problem: error.problem });
    }
    throw error;
  }
  const auditActor: AuditActor = actor ? auditActorOf(actor, partnershipId) : systemActor;
  const { planId } = await db.transaction((tx) =>
    createPlanFromDocument(tx, {
      partnershipId,
      plan: parsed,
      actor: auditActor,
      createdById: actor?.id ?? null,
      // Which schools make up a partnership is for its admins (and the operator's command line).
      mayAddSchools: actor ? can(actor, 'schools.manage', { partnershipId }) : true,
      source: { kind: 'import', fileName: options.fileName ?? null },
    }),
  );
  return { planId, plan: parsed };
}
