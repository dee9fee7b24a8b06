import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getRecommendationView } from '@/lib/queries/reviews';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  return Response.json({ recommendation: await getRecommendationView(getDb(), actor, (await params).id) });
});
