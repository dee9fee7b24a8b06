import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { actionSchools } from '@/db/schema';

/** The ids of the schools an action concerns, sorted (so before/after compare cleanly). */
export async function schoolIdsOf(tx: Tx, actionId: string): Promise<string[]> {
  const rows = await tx.select({ id: actionSchools.schoolId }).from(actionSchools).where(eq(actionSchools.actionId, actionId)).orderBy(asc(actionSchools.schoolId));
  return rows.map((r) => r.id);
}

/** Makes an action concern exactly these schools. */
export async function setActionSchools(tx: Tx, actionId: string, wanted: string[]): Promise<void> {
  const current = await schoolIdsOf(tx, actionId);
  const add = wanted.filter((id) => !current.includes(id));
  const remove = current.filter((id) => !wanted.includes(id));
  if (add.length) await tx.insert(actionSchools).values(add.map((schoolId) => ({ actionId, schoolId })));
  if (remove.length) await tx.delete(actionSchools).where(and(eq(actionSchools.actionId, actionId), inArray(actionSchools.schoolId, remove)));
}
