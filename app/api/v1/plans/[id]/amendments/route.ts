import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { amendPlan } from '@/lib/commands/amend-plan';
import { apiRoute, readJson } from '@/lib/http';
import { emptyInput } from '@/lib/validation/governance';

export const dynamic = 'force-dynamic';

/** Opens a new draft version of a ratified plan. The body, if any, is an empty JSON object. */
export const POST = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const body = await readJson(request, emptyInput, 1024);
  return Response.json({ plan: await amendPlan(getDb(), actor, (await params).id, body) }, { status: 201 });
});
