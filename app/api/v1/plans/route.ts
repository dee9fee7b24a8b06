import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { listPlans } from '@/lib/queries/plans';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async () => {
  const actor = await requireActor();
  return Response.json({ plans: await listPlans(getDb(), actor) });
});
