import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';
import { startReview } from '@/lib/commands/start-review';
import { getPlanView } from '@/lib/queries/plans';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** The plan's reviews, oldest first (each in full at GET /api/v1/reviews/:id). */
export const GET = apiRoute(async (_request, { params }: Context) => {
  const actor = await requireActor();
  const plan = await getPlanView(getDb(), actor, (await params).id);
  return Response.json({ reviews: plan.reviews });
});

export const POST = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ review: await startReview(getDb(), actor, (await params).id, body) }, { status: 201 });
});
