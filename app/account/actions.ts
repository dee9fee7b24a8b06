'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { resetCalendarFeed, turnOffCalendarFeed } from '@/lib/commands/reset-calendar-feed';
import { AppError } from '@/lib/errors';
import { publicOrigin } from '@/lib/mail/origin';

/** What the calendar panel shows after an action: the new address once, or an error. */
export type CalendarFeedState = { error: string | null; url: string | null; turnedOff: boolean };

/** Turns the feed on or gives it a new address; the address is returned this once. */
export async function resetCalendarFeedAction(_prev: CalendarFeedState): Promise<CalendarFeedState> {
  const actor = await requireActor();
  try {
    const { url } = await resetCalendarFeed(getDb(), actor, publicOrigin(await headers()));
    revalidatePath('/account');
    return { error: null, url, turnedOff: false };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { error: error.message, url: null, turnedOff: false };
  }
}

/** Turns the feed off. */
export async function turnOffCalendarFeedAction(_prev: CalendarFeedState): Promise<CalendarFeedState> {
  const actor = await requireActor();
  try {
    await turnOffCalendarFeed(getDb(), actor);
    revalidatePath('/account');
    return { error: null, url: null, turnedOff: true };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { error: error.message, url: null, turnedOff: false };
  }
}
