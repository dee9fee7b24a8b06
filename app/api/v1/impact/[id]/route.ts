import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updateImpactEntry } from '@/lib/commands/update-impact-entry';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ impact: await updateImpactEntry(getDb(), actor, (await params).id, body) });
});

