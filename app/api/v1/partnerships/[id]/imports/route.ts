import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { importPlan, MAX_IMPORT_BYTES } from '@/lib/commands/import-plan';
import { AppError, notFound } from '@/lib/errors';
import { apiRoute, readTextBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

/** Imports a plan document sent as the `text/plain` body; answers 201 `{ plan: { id } }`. */
export const POST = apiRoute(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) throw notFound('Partnership');
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('text/plain')) {
    throw new AppError('unsupported_media_type', 'Send the plan document as the request body with Content-Type: text/plain.');
  }
  const text = await readTextBody(request, MAX_IMPORT_BYTES);
  const fileName = request.headers.get('x-file-name')?.slice(0, 255) ?? null;
  const { planId } = await importPlan(getDb(), { actor, partnershipId: parsed.data.id, text, fileName });
  return Response.json({ plan: { id: planId } }, { status: 201 });
});
