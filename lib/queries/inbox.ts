import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { notifications, partnerships } from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import type { InboxItemView } from '@/lib/presenters/governance';

/** Which items the inbox lists: those still waiting (`open`), or everything (`all`). */
export const inboxFilter = z.strictObject({
  state: z.enum(['open', 'all'], { error: 'Choose state=open (what still waits for you) or state=all.' }).default('open'),
});
export type InboxFilter = z.infer<typeof inboxFilter>;

/** How many items the inbox shows at most: a year of a busy chair's reviews and decisions. */
export const INBOX_LIMIT = 200;

type Row = { n: typeof notifications.$inferSelect; partnershipName: string };

export function inboxItemView({ n, partnershipName }: Row): InboxItemView {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    href: n.href,
    partnershipName,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
    resolvedAt: n.resolvedAt?.toISOString() ?? null,
  };
}

/**
 * Only the actor's own items, and only from partnerships they still belong to: someone removed
 * from a partnership no longer sees what it asked of them.
 */
function ownItems(actor: Actor) {
  const ids = partnershipIdsOf(actor);
  return and(eq(notifications.userId, actor.id), ids.length ? inArray(notifications.partnershipId, ids) : sql`false`);
}

/**
 * The actor's inbox: what waits and has not been read first, then everything else newest first.
 * `open` leaves out items that are done (the signature given, the board decided).
 */
export async function listInbox(db: Executor, actor: Actor, filter: InboxFilter = { state: 'open' }): Promise<InboxItemView[]> {
  const rows = await db
    .select({ n: notifications, partnershipName: partnerships.name })
    .from(notifications)
    .innerJoin(partnerships, eq(partnerships.id, notifications.partnershipId))
    .where(and(ownItems(actor), filter.state === 'open' ? isNull(notifications.resolvedAt) : undefined))
    .orderBy(
      asc(sql`case when ${notifications.resolvedAt} is null and ${notifications.readAt} is null then 0 else 1 end`),
      desc(notifications.createdAt),
      asc(notifications.id),
    )
    .limit(INBOX_LIMIT);
  return rows.map(inboxItemView);
}

/** How many items wait for the actor that they have not read: the number beside "Inbox". */
export async function unreadCount(db: Executor, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(ownItems(actor), isNull(notifications.readAt), isNull(notifications.resolvedAt)));
  return row?.n ?? 0;
}
