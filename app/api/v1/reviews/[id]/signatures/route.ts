import { getDb } from '@/db/client';
import { requireActorWithAuthTime } from '@/lib/auth/session';
import { signReview } from '@/lib/commands/sign-review';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const { actor, authenticatedAt } = await requireActorWithAuthTime();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ review: await signReview(getDb(), actor, (await params).id, body, { authenticatedAt }) }, { status: 201 });
});
