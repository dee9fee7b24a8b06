import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { updatePlan } from '@/lib/commands/update-plan';
import { apiRoute, readJsonBody } from '@/lib/http';
import { getPlanView } from '@/lib/queries/plans';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(async (_request, { params }: Context) => {
  const actor = await requireActor();
  return Response.json({ plan: await getPlanView(getDb(), actor, (await params).id) });
});

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ plan: await updatePlan(getDb(), actor, (await params).id, body) });
});
