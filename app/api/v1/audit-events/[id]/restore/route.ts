import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { restoreValue, restoreValueBody } from '@/lib/commands/restore-value';
import { apiRoute, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const BODY_LIMIT = 4 * 1024;

/** `POST /api/v1/audit-events/:id/restore` `{ field, seenSeq? }` → `{ entityType, entity }`: the old value applied as a new edit. */
export const POST = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  const { field, seenSeq } = await readJson(request, restoreValueBody, BODY_LIMIT);
  return Response.json(await restoreValue(getDb(), actor, { eventId: id, field, seenSeq }));
});
