'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/commands/mark-notifications-read';
import { AppError } from '@/lib/errors';

export type InboxActionState = { error: string | null };

/** The inbox and the header's count change together. */
function refresh() {
  revalidatePath('/', 'layout');
}

/** Marks one item read. */
export async function markReadAction(_prev: InboxActionState, formData: FormData): Promise<InboxActionState> {
  const actor = await requireActor();
  const id = formData.get('notificationId');
  try {
    await markNotificationRead(getDb(), actor, typeof id === 'string' ? id : '');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { error: 'That item is no longer in your inbox. Reload the page to see it as it is now.' };
  }
  refresh();
  return { error: null };
}

/** Marks every item read. */
export async function markAllReadAction(_prev: InboxActionState): Promise<InboxActionState> {
  const actor = await requireActor();
  await markAllNotificationsRead(getDb(), actor);
  refresh();
  return { error: null };
}
