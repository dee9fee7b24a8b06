import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { objectives, strandObjectives } from '@/db/schema';

/** The objectives a strand links to, by number. */
export async function linkedObjectives(tx: Tx, strandId: string): Promise<{ id: string; number: number }[]> {
  return tx
    .select({ id: objectives.id, number: objectives.number })
    .from(strandObjectives)
    .innerJoin(objectives, eq(objectives.id, strandObjectives.objectiveId))
    .where(eq(strandObjectives.strandId, strandId))
    .orderBy(asc(objectives.number));
}

/** Makes a strand link exactly to `wanted`; returns what was added and removed. */
export async function setStrandLinks(tx: Tx, strandId: string, wanted: string[]) {
  const current = await linkedObjectives(tx, strandId);
  const currentIds = new Set(current.map((o) => o.id));
  const added = wanted.filter((id) => !currentIds.has(id));
  const removed = current.filter((o) => !wanted.includes(o.id)).map((o) => o.id);
  if (added.length) await tx.insert(strandObjectives).values(added.map((objectiveId) => ({ strandId, objectiveId })));
  if (removed.length) {
    await tx.delete(strandObjectives).where(and(eq(strandObjectives.strandId, strandId), inArray(strandObjectives.objectiveId, removed)));
  }
  const touched = [...added, ...removed];
  const numbers = touched.length
    ? await tx.select({ id: objectives.id, number: objectives.number }).from(objectives).where(inArray(objectives.id, touched))
    : [];
  const numberOf = new Map(numbers.map((o) => [o.id, o.number]));
  return {
    added: added.map((id) => ({ id, number: numberOf.get(id) ?? null })),
    removed: removed.map((id) => ({ id, number: numberOf.get(id) ?? null })),
  };
}
