import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateAction } from '@/lib/commands/update-action';
import { deleteAction } from '@/lib/commands/delete-action';
import { apiRoute, readJsonBody, versionParam } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ action: await updateAction(getDb(), actor, (await params).id, body) });
});

export const DELETE = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const version = versionParam(request);
  return Response.json({ action: await deleteAction(getDb(), actor, (await params).id, version) });
});
