import { z } from 'zod';
import { getDb } from '@/db/client';
import { exportPlanHistory } from '@/lib/audit/export';
import { requireActor } from '@/lib/auth/session';
import { apiRoute, parseInput } from '@/lib/http';
import { historyFiltersFromSearchParams } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

const format = z.object({ format: z.enum(['csv', 'json'], { error: 'Choose csv or json.' }).default('csv') });

/** `GET /api/v1/plans/:id/history/export?format=csv|json&…filters` → the history as a download. */
export const GET = apiRoute(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  const search = new URL(request.url).searchParams;
  const { format: kind } = parseInput(format, { format: search.get('format') || undefined });
  const file = await exportPlanHistory(getDb(), actor, id, historyFiltersFromSearchParams(search), kind);
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': file.contentDisposition,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
