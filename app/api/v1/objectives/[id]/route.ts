import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateObjective } from '@/lib/commands/update-objective';
import { deleteObjective } from '@/lib/commands/delete-objective';
import { apiRoute, readJsonBody, versionParam } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ objective: await updateObjective(getDb(), actor, (await params).id, body) });
});

export const DELETE = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const version = versionParam(request);
  return Response.json({ objective: await deleteObjective(getDb(), actor, (await params).id, version) });
});
