import { getDb } from '@/db/client';
import { verifyChain } from '@/lib/audit/verify';
import { requireActor } from '@/lib/auth/session';
import { apiRoute } from '@/lib/http';
import { loadPlanForHistory } from '@/lib/queries/history';

export const dynamic = 'force-dynamic';

/**
 * `GET /api/v1/plans/:id/history/verify` → `{ partnershipId, ok, checked, brokenAt? }`: walks the
 * whole audit chain of the plan's partnership (members only).
 */
export const GET = apiRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor();
  const { id } = await params;
  const db = getDb();
  const plan = await loadPlanForHistory(db, actor, id);
  return Response.json({ partnershipId: plan.partnershipId, ...(await verifyChain(db, plan.partnershipId)) });
});
