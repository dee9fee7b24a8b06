import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { listPlanVersions } from '@/lib/queries/versions';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/plans/:id/versions` → `{ versions }`: every version of the plan, newest first. */
export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  return Response.json({ versions: await listPlanVersions(getDb(), actor, (await params).id) });
});
