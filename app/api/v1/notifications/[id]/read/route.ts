import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { markNotificationRead } from '@/lib/commands/mark-notifications-read';
import { apiRoute } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Marks one of your inbox items read. */
export const POST = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  return Response.json({ item: await markNotificationRead(getDb(), actor, (await params).id) });
});
