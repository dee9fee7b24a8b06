import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { actions, strands } from '@/db/schema';

/**
 * Renumbers a plan's strands 1..N in their current order, with `place.id` put at `place.position`.
 * Positions are order, not content: they do not bump versions.
 */
export async function repositionStrands(tx: Tx, planId: string, place?: { id: string; position: number }): Promise<void> {
  const rows = await tx
    .select({ id: strands.id, position: strands.position })
    .from(strands)
    .where(place ? and(eq(strands.planId, planId), ne(strands.id, place.id)) : eq(strands.planId, planId))
    .orderBy(asc(strands.position), asc(strands.createdAt));
  const order = rows.map((r) => r.id);
  if (place) order.splice(Math.min(Math.max(place.position, 1), order.length + 1) - 1, 0, place.id);
  const current = new Map(rows.map((r) => [r.id, r.position]));
  for (const [index, id] of order.entries()) {
    if (current.get(id) !== index + 1) await tx.update(strands).set({ position: index + 1 }).where(eq(strands.id, id));
  }
}

/** As repositionStrands, for the actions of one strand. */
export async function repositionActions(tx: Tx, strandId: string, place?: { id: string; position: number }): Promise<void> {
  const rows = await tx
    .select({ id: actions.id, position: actions.position })
    .from(actions)
    .where(place ? and(eq(actions.strandId, strandId), ne(actions.id, place.id)) : eq(actions.strandId, strandId))
    .orderBy(asc(actions.position), asc(actions.createdAt));
  const order = rows.map((r) => r.id);
  if (place) order.splice(Math.min(Math.max(place.position, 1), order.length + 1) - 1, 0, place.id);
  const current = new Map(rows.map((r) => [r.id, r.position]));
  for (const [index, id] of order.entries()) {
    if (current.get(id) !== index + 1) await tx.update(actions).set({ position: index + 1 }).where(eq(actions.id, id));
  }
}
