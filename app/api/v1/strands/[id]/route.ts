import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateStrand } from '@/lib/commands/update-strand';
import { deleteStrand } from '@/lib/commands/delete-strand';
import { apiRoute, readJsonBody, versionParam } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ strand: await updateStrand(getDb(), actor, (await params).id, body) });
});

export const DELETE = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const version = versionParam(request);
  return Response.json({ strand: await deleteStrand(getDb(), actor, (await params).id, version) });
});
