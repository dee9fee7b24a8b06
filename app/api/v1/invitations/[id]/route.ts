import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { revokeInvitation } from '@/lib/commands/revoke-invitation';
import { notFound } from '@/lib/errors';
import { apiRoute } from '@/lib/http';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

/** Revokes an invitation that has not been accepted (admins of its partnership): 204. */
export const DELETE = apiRoute(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Invitation');
  await revokeInvitation(getDb(), { actor, invitationId: parsed.data.id });
  return new Response(null, { status: 204 });
});
