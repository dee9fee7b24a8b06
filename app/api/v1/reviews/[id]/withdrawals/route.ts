import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, readJsonBody } from '@/lib/http';
import { LIMITS } from '@/lib/validation/plan-content';
import { withdrawSignature } from '@/lib/commands/withdraw-signature';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const body = await readJsonBody(request, LIMITS.jsonBodyBytes);
  return Response.json({ review: await withdrawSignature(getDb(), actor, (await params).id, body) }, { status: 201 });
});
