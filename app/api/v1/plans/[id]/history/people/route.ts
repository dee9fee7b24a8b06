import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getHistoryPeople } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/plans/:id/history/people` → the people and schools the history filters offer, and names for ids. */
export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  return Response.json(await getHistoryPeople(getDb(), actor, id));
});
