import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getPlanHistory, historyFiltersFromSearchParams } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/plans/:id/history?entity=&actor=&school=&from=&to=&limit=&before=` → `{ events, nextCursor }`. */
export const GET = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  const filters = historyFiltersFromSearchParams(new URL(request.url).searchParams);
  return Response.json(await getPlanHistory(getDb(), actor, id, filters));
});
