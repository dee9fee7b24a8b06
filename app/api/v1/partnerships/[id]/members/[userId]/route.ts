import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { removeMember } from '@/lib/commands/remove-member';
import { notFound } from '@/lib/errors';
import { apiRoute } from '@/lib/http';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid(), userId: z.string().uuid() });

/** Removes a person from the partnership (admins): 204; 409 for the last admin. */
export const DELETE = apiRoute(async (_request, context: { params: Promise<{ id: string; userId: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Member');
  await removeMember(getDb(), { actor, partnershipId: parsed.data.id, userId: parsed.data.userId });
  return new Response(null, { status: 204 });
});
