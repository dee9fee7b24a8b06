import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getSnapshot } from '@/lib/queries/snapshots';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/snapshots/:id` → `{ snapshot }`: the frozen content, its hash and whether it still verifies. */
export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  return Response.json({ snapshot: await getSnapshot(getDb(), actor, (await params).id) });
});
