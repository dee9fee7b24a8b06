import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { notifications, users } from '@/db/schema';
import type { CommandContext } from '@/lib/commands/support';
import { configuredMailTransport, sendMail } from '@/lib/mail/send';

/** What the inbox tells people about. */
export const notificationKinds = [
  'signature_needed',
  'board_decision_needed',
  'recommendation_rejected',
  'review_completed',
  'plan_ratified',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export type NewNotification = {
  userId: string;
  partnershipId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** An app path, e.g. `/reviews/<id>`. */
  href: string;
  subjectId: string;
  schoolId?: string | null;
};

/**
 * Puts items in people's inboxes, in the command's transaction; once it commits, emails them when
 * `SMTP_URL` is configured. One person is told once per subject, kind and school.
 */
export async function notify(ctx: Pick<CommandContext, 'tx' | 'afterCommit'>, items: NewNotification[]): Promise<void> {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = `${item.userId}|${item.kind}|${item.subjectId}|${item.schoolId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!unique.length) return;
  const rows = await ctx.tx
    .insert(notifications)
    .values(unique.map((n) => ({ ...n, schoolId: n.schoolId ?? null })))
    .returning({ id: notifications.id });
  if (!configuredMailTransport()) return;
  const ids = rows.map((r) => r.id);
  ctx.afterCommit((db) => emailNotifications(db, ids));
}

/** Marks open items done: the signature was given, the board decided. */
export async function resolveNotifications(
  tx: Tx,
  where: { subjectId: string; kind: NotificationKind; userId?: string; schoolId?: string },
): Promise<void> {
  await tx
    .update(notifications)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        eq(notifications.subjectId, where.subjectId),
        eq(notifications.kind, where.kind),
        isNull(notifications.resolvedAt),
        where.userId ? eq(notifications.userId, where.userId) : undefined,
        where.schoolId ? eq(notifications.schoolId, where.schoolId) : undefined,
      ),
    );
}

/** Emails the given inbox items to their people; each is marked `emailed` once delivered. */
export async function emailNotifications(db: Db, ids: string[]): Promise<void> {
  const transport = configuredMailTransport();
  if (!transport || !ids.length) return;
  const rows = await db
    .select({ id: notifications.id, title: notifications.title, body: notifications.body, href: notifications.href, email: users.email, name: users.name })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(inArray(notifications.id, ids), isNull(users.disabledAt)));
  const origin = process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : '';
  for (const row of rows) {
    const { delivered } = await sendMail(transport, {
      to: row.email,
      subject: `jointplan: ${row.title}`,
      text: [`Dear ${row.name},`, '', row.body, '', `Open it in jointplan: ${origin}${row.href}`, '', 'You can see everything waiting for you in your jointplan inbox.'].join('\n'),
    });
    if (delivered) await db.update(notifications).set({ emailed: true }).where(eq(notifications.id, row.id));
  }
}
