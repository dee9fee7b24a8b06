import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { calendarFeedStatus } from '@/lib/calendar/feed';
import { resetCalendarFeed, turnOffCalendarFeed } from '@/lib/commands/reset-calendar-feed';
import { apiRoute } from '@/lib/http';
import { publicOrigin } from '@/lib/mail/origin';

export const dynamic = 'force-dynamic';

/** Whether your calendar feed is on (its address is shown only when it is made). */
export const GET = apiRoute(async () => {
  const actor = await requireActor();
  return Response.json({ feed: await calendarFeedStatus(getDb(), actor.id) });
});

/** Turns your calendar feed on, or gives it a new address (the old one stops working). */
export const POST = apiRoute(async (request) => {
  const actor = await requireActor();
  const feed = await resetCalendarFeed(getDb(), actor, publicOrigin(request.headers));
  return Response.json({ feed: { on: true, ...feed } }, { status: 201 });
});

/** Turns your calendar feed off: its address stops working. */
export const DELETE = apiRoute(async () => {
  const actor = await requireActor();
  await turnOffCalendarFeed(getDb(), actor);
  return Response.json({ feed: { on: false, createdAt: null } });
});
