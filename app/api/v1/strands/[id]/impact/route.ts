import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { createImpactEntry } from '@/lib/commands/create-impact-entry';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ impact: await createImpactEntry(getDb(), actor, (await params).id, body) }, { status: 201 });
});
