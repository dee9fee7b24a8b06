import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { notifications, partnerships, users } from '@/db/schema';
import type { CommandContext } from '@/lib/commands/support';
import { type MailMessage, type MailTransport, configuredMailTransport, sendMail } from '@/lib/mail/send';

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
  if (!notificationTransport()) return;
  const ids = rows.map((r) => r.id);
  ctx.afterCommit((db) => emailNotifications(db, ids));
}

/** Marks open items done: the signature was given, the board decided. */
export async function resolveNotifications(
  tx: Tx,
  where: { subjectId: string; kind: NotificationKind; userId?: string; userIds?: string[]; schoolId?: string },
): Promise<void> {
  if (where.userIds && !where.userIds.length) return;
  await tx
    .update(notifications)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        eq(notifications.subjectId, where.subjectId),
        eq(notifications.kind, where.kind),
        isNull(notifications.resolvedAt),
        where.userId ? eq(notifications.userId, where.userId) : undefined,
        where.userIds ? inArray(notifications.userId, where.userIds) : undefined,
        where.schoolId ? eq(notifications.schoolId, where.schoolId) : undefined,
      ),
    );
}

let transportOverride: { transport: MailTransport | null } | null = null;

/**
 * Sends inbox email through `transport` instead of the environment's (tests capture mail this
 * way; null turns email off). Returns the function that puts the environment's transport back.
 */
export function setNotificationTransport(transport: MailTransport | null): () => void {
  transportOverride = { transport };
  return () => {
    transportOverride = null;
  };
}

function notificationTransport(): MailTransport | null {
  return transportOverride ? transportOverride.transport : configuredMailTransport();
}

/** The address links in email start with: `AUTH_URL`'s origin, or none when it is not set. */
function mailOrigin(): string | null {
  try {
    return process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : null;
  } catch {
    return null;
  }
}

/** One inbox item as a plain-text email: what it is, where, and the link to act on it. */
export function notificationEmail(item: {
  email: string;
  name: string;
  title: string;
  body: string;
  href: string;
  partnershipName: string;
  origin: string | null;
}): MailMessage {
  const link = item.origin ? `${item.origin}${item.href}` : null;
  return {
    to: item.email,
    subject: `${item.title} · ${item.partnershipName}`,
    text: [
      `Dear ${item.name},`,
      '',
      item.title,
      '',
      item.body,
      '',
      link ? `Open it in jointplan: ${link}` : 'Open jointplan and look in your inbox to see it.',
      '',
      '—',
      `You receive this because you hold a role in ${item.partnershipName} on jointplan.`,
      link ? `Everything waiting for you is in your inbox: ${item.origin}/inbox` : 'Everything waiting for you is in your jointplan inbox.',
    ].join('\n'),
  };
}

/**
 * Emails the given inbox items to their people (not to disabled accounts, and not twice); each is
 * marked `emailed` once delivered.
 */
export async function emailNotifications(db: Db, ids: string[]): Promise<void> {
  const transport = notificationTransport();
  if (!transport || !ids.length) return;
  const rows = await db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      href: notifications.href,
      email: users.email,
      name: users.name,
      partnershipName: partnerships.name,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(partnerships, eq(partnerships.id, notifications.partnershipId))
    .where(and(inArray(notifications.id, ids), isNull(users.disabledAt), eq(notifications.emailed, false)));
  const origin = mailOrigin();
  for (const row of rows) {
    const { delivered } = await sendMail(transport, notificationEmail({ ...row, origin }));
    if (delivered) await db.update(notifications).set({ emailed: true }).where(eq(notifications.id, row.id));
  }
}
