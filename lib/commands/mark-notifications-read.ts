import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { notifications, partnerships } from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import type { InboxItemView } from '@/lib/presenters/governance';
import { inboxItemView } from '@/lib/queries/inbox';
import { runCommand } from './support';

// Read state is a person's own bookkeeping, not a change to anything the partnership holds, so
// these commands write no audit event (an inspector learns nothing from "Nia opened her inbox").

const uuid = z.string().uuid();

function ownedBy(actor: Actor) {
  const ids = partnershipIdsOf(actor);
  return and(eq(notifications.userId, actor.id), ids.length ? inArray(notifications.partnershipId, ids) : sql`false`);
}

/**
 * Marks one of the actor's inbox items read (already read: unchanged). Anyone else's item, or an
 * unknown id, is 404: nobody learns which ids exist.
 */
export async function markNotificationRead(db: Db, actor: Actor, notificationId: string): Promise<InboxItemView> {
  if (!uuid.safeParse(notificationId).success) throw notFound('Inbox item');
  return runCommand(db, actor, async ({ tx }) => {
    const where = and(eq(notifications.id, notificationId), ownedBy(actor));
    // The first reading time stands: marking again does not move it.
    await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(where, isNull(notifications.readAt)));
    const [row] = await tx
      .select({ n: notifications, partnershipName: partnerships.name })
      .from(notifications)
      .innerJoin(partnerships, eq(partnerships.id, notifications.partnershipId))
      .where(where);
    if (!row) throw notFound('Inbox item');
    return inboxItemView(row);
  });
}

/** Marks every unread item of the actor's inbox read; returns how many changed. */
export async function markAllNotificationsRead(db: Db, actor: Actor): Promise<{ marked: number }> {
  return runCommand(db, actor, async ({ tx }) => {
    const rows = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(ownedBy(actor), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return { marked: rows.length };
  });
}
