import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';
import { updateReview } from '@/lib/commands/update-review';
import { getReviewView } from '@/lib/queries/reviews';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(async (_request, { params }: Context) => {
  const actor = await requireActor();
  return Response.json({ review: await getReviewView(getDb(), actor, (await params).id) });
});

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ review: await updateReview(getDb(), actor, (await params).id, body) });
});
