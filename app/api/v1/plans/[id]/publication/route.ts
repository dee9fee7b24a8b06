import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { plans } from '@/db/schema';
import { requireActor } from '@/lib/auth/session';
import { publishPlan, unpublishPlan } from '@/lib/commands/publish-plan';
import { apiRoute, readJson } from '@/lib/http';
import { publicationOf } from '@/lib/queries/governance';
import { getPlanView } from '@/lib/queries/plans';
import { emptyInput } from '@/lib/validation/governance';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** Whether the plan's parents' page is published, and its address. */
export const GET = apiRoute(async (_request, { params }: Context) => {
  const actor = await requireActor();
  const db = getDb();
  const plan = await getPlanView(db, actor, (await params).id);
  const [row] = await db.select({ lineageId: plans.lineageId }).from(plans).where(eq(plans.id, plan.id));
  return Response.json({ publication: await publicationOf(db, row.lineageId) });
});

export const POST = apiRoute(async (request, { params }: Context) => {
  const actor = await requireActor();
  const body = await readJson(request, emptyInput, 1024);
  return Response.json({ publication: await publishPlan(getDb(), actor, (await params).id, body) });
});

export const DELETE = apiRoute(async (_request, { params }: Context) => {
  const actor = await requireActor();
  return Response.json({ publication: await unpublishPlan(getDb(), actor, (await params).id) });
});
