import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { changeMemberRoles } from '@/lib/commands/change-member-roles';
import { notFound } from '@/lib/errors';
import { apiRoute, readJson } from '@/lib/http';
import { MEMBER_LIMITS, changeMemberRolesSchema } from '@/lib/validation/members';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid(), userId: z.string().uuid() });

/** Replaces a member's roles with `{ roles: [...] }` (admins): 200 `{ member }`. */
export const PUT = apiRoute(async (request, context: { params: Promise<{ id: string; userId: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Member');
  const input = await readJson(request, changeMemberRolesSchema, MEMBER_LIMITS.jsonBodyBytes);
  const member = await changeMemberRoles(getDb(), { actor, partnershipId: parsed.data.id, userId: parsed.data.userId, input });
  return Response.json({ member });
});
