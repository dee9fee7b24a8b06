import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { notFound } from '@/lib/errors';
import { apiRoute } from '@/lib/http';
import { listMembers } from '@/lib/queries/members';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

/** The partnership's people and their roles, for any of its members: `{ members: [...] }`. */
export const GET = apiRoute(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Partnership');
  return Response.json({ members: await listMembers(getDb(), actor, parsed.data.id) });
});
