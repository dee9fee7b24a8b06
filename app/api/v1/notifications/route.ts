import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, parseInput } from '@/lib/http';
import { inboxFilter, listInbox, unreadCount } from '@/lib/queries/inbox';

export const dynamic = 'force-dynamic';

/** The signed-in person's inbox (`?state=open|all`) and how many waiting items they have not read. */
export const GET = apiRoute(async (request) => {
  const actor = await requireActor();
  const filter = parseInput(inboxFilter, Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const [items, unread] = await Promise.all([listInbox(db, actor, filter), unreadCount(db, actor)]);
  return Response.json({ items, unreadCount: unread });
});
