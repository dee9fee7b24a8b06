import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { objectives } from '@/db/schema';

/**
 * Renumbers a plan's objectives 1..N in their current order, with `placeId` (if given) put at
 * `number`. Numbers follow position; renumbering does not bump versions (the text is unchanged).
 */
export async function renumberObjectives(tx: Tx, planId: string, place?: { id: string; number: number }): Promise<void> {
  const others = await tx
    .select({ id: objectives.id, number: objectives.number })
    .from(objectives)
    .where(place ? and(eq(objectives.planId, planId), ne(objectives.id, place.id)) : eq(objectives.planId, planId))
    .orderBy(asc(objectives.number), asc(objectives.createdAt));
  const order = others.map((o) => o.id);
  if (place) order.splice(Math.min(Math.max(place.number, 1), order.length + 1) - 1, 0, place.id);
  const current = new Map(others.map((o) => [o.id, o.number]));
  for (const [index, id] of order.entries()) {
    if (current.get(id) !== index + 1) await tx.update(objectives).set({ number: index + 1 }).where(eq(objectives.id, id));
  }
}
