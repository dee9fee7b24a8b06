import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { renewInvitation } from '@/lib/commands/renew-invitation';
import { notFound } from '@/lib/errors';
import { apiRoute } from '@/lib/http';
import { publicOrigin } from '@/lib/mail/origin';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

/** Issues a new link for a pending (or expired) invitation, valid 14 days; the old one stops working. */
export const POST = apiRoute(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Invitation');
  const issued = await renewInvitation(getDb(), { actor, invitationId: parsed.data.id, origin: publicOrigin(request.headers) });
  return Response.json({ invitation: { ...issued.invitation, link: issued.link, emailed: issued.emailed } });
});
