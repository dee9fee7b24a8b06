import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, parseInput } from '@/lib/http';
import { comparePlans } from '@/lib/queries/versions';

export const dynamic = 'force-dynamic';

const compareQuery = z.object({ with: z.string({ error: 'Name the version to compare with: ?with=<plan id>.' }).uuid('The version to compare with must be a plan id.') });

/** `GET /api/v1/plans/:id/compare?with=<planId>` → `{ before, after, diff }`, older version first. */
export const GET = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const query = parseInput(compareQuery, { with: new URL(request.url).searchParams.get('with') ?? undefined });
  return Response.json(await comparePlans(getDb(), actor, (await params).id, query.with));
});
