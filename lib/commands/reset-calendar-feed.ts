import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { calendarFeeds } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { calendarFeedUrl, newCalendarToken } from '@/lib/calendar/token';
import { type CommandContext, runCommand } from './support';

/** A feed just made: its address is shown this once (only its hash is kept). */
export type IssuedCalendarFeed = { url: string; createdAt: string };

/**
 * The feed shows every partnership's plans the person belongs to, so each of those partnerships'
 * history records that a private address to its dates was issued or withdrawn (never the address).
 */
async function auditFeedChange(ctx: CommandContext, before: 'on' | 'off', after: 'new address' | 'off') {
  for (const m of ctx.actor.memberships) {
    await ctx.audit({
      partnershipId: m.partnershipId,
      entityType: 'user',
      entityId: ctx.actor.id,
      verb: 'calendar.reset',
      changes: [{ field: 'calendarFeed', before, after }],
    });
  }
}

/**
 * Turns the actor's calendar feed on, or gives it a new address: the old address stops working at
 * once. Returns the address, which cannot be shown again.
 */
export async function resetCalendarFeed(db: Db, actor: Actor, origin: string): Promise<IssuedCalendarFeed> {
  const { token, tokenHash } = newCalendarToken();
  return runCommand(db, actor, async (ctx) => {
    const [existing] = await ctx.tx.select({ userId: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.userId, actor.id)).for('update');
    const createdAt = new Date();
    await ctx.tx
      .insert(calendarFeeds)
      .values({ userId: actor.id, tokenHash, createdAt })
      .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt } });
    await auditFeedChange(ctx, existing ? 'on' : 'off', 'new address');
    return { url: calendarFeedUrl(origin, token), createdAt: createdAt.toISOString() };
  });
}

/** Turns the actor's calendar feed off: its address stops working. Off already: nothing changes. */
export async function turnOffCalendarFeed(db: Db, actor: Actor): Promise<{ on: false }> {
  return runCommand(db, actor, async (ctx) => {
    const removed = await ctx.tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, actor.id)).returning({ userId: calendarFeeds.userId });
    if (removed.length) await auditFeedChange(ctx, 'on', 'off');
    return { on: false as const };
  });
}
