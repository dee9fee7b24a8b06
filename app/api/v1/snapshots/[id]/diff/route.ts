import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getSnapshotDiff } from '@/lib/queries/snapshots';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/snapshots/:id/diff` → `{ snapshot, plan, diff }`: what changed in the plan since the snapshot. */
export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  return Response.json(await getSnapshotDiff(getDb(), actor, (await params).id));
});
