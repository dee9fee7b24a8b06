import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { objectives, partnershipSchools, roleAssignments, schools } from '@/db/schema';
import { fieldErrors } from '@/lib/errors';

// Ids a write names must belong to the plan or its partnership: anything else (another
// partnership's, or made up) is refused as a field error, without saying whether it exists.

/** Checks objective ids are this plan's; returns them de-duplicated. */
export async function checkObjectiveIds(tx: Tx, planId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await tx
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.planId, planId), inArray(objectives.id, unique)));
  if (found.length !== unique.length) throw fieldErrors({ objectiveIds: 'Link only objectives of this plan.' });
  return unique;
}

/** Checks school ids are schools of the partnership; returns them de-duplicated. */
export async function checkSchoolIds(tx: Tx, partnershipId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await tx
    .select({ id: schools.id })
    .from(partnershipSchools)
    .innerJoin(schools, eq(schools.id, partnershipSchools.schoolId))
    .where(and(eq(partnershipSchools.partnershipId, partnershipId), inArray(schools.id, unique)));
  if (found.length !== unique.length) throw fieldErrors({ schoolIds: 'Choose schools of this partnership.' });
  return unique;
}

/** Checks a person is a member of the partnership (for owners and leads). */
export async function checkMember(tx: Tx, partnershipId: string, userId: string | null | undefined, field: string): Promise<void> {
  if (!userId) return;
  const [found] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.partnershipId, partnershipId), eq(roleAssignments.userId, userId)))
    .limit(1);
  if (!found) throw fieldErrors({ [field]: 'Choose a person of this partnership.' });
}
