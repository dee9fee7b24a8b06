import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { markAllNotificationsRead } from '@/lib/commands/mark-notifications-read';
import { apiRoute } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Marks every item of your inbox read. */
export const POST = apiRoute(async () => {
  const actor = await requireActor();
  return Response.json(await markAllNotificationsRead(getDb(), actor));
});
