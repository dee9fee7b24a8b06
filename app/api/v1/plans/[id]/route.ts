import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { getPlanView } from '@/lib/queries/plans';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  return Response.json({ plan: await getPlanView(getDb(), actor, id) });
});
