import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { inviteMember } from '@/lib/commands/invite-member';
import { notFound } from '@/lib/errors';
import { apiRoute, readJson } from '@/lib/http';
import { publicOrigin } from '@/lib/mail/origin';
import { listPendingInvitations } from '@/lib/queries/members';
import { MEMBER_LIMITS, inviteMemberSchema } from '@/lib/validation/members';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });
type Context = { params: Promise<{ id: string }> };

/** The partnership's pending invitations (admins): `{ invitations: [...] }`. */
export const GET = apiRoute(async (_request, context: Context) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Partnership');
  return Response.json({ invitations: await listPendingInvitations(getDb(), actor, parsed.data.id) });
});

/** Invites `{ email, name, roles }` (admins): 201 `{ invitation: { id, email, link, expiresAt, … } }`. */
export const POST = apiRoute(async (request, context: Context) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Partnership');
  const input = await readJson(request, inviteMemberSchema, MEMBER_LIMITS.jsonBodyBytes);
  const issued = await inviteMember(getDb(), { actor, partnershipId: parsed.data.id, input, origin: publicOrigin(request.headers) });
  return Response.json({ invitation: { ...issued.invitation, link: issued.link, emailed: issued.emailed } }, { status: 201 });
});
