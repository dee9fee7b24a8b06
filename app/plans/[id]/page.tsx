import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PlanEditor } from '@/components/plan/editor/PlanEditor';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { latestPlanChangeId } from '@/lib/queries/plan-changes';
import { getPlanPageData } from '@/lib/queries/plan-page';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const loadPlan = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${id}`)}`);
  try {
    // Before the plan itself: a change committed in between shows as one the page has not seen.
    const lastChangeId = await latestPlanChangeId(getDb(), { planId: id });
    return { data: await getPlanPageData(getDb(), actor, id), lastChangeId };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { plan } = (await loadPlan((await params).id)).data;
  return { title: `${plan.title} ${plan.yearLabel ?? plan.academicYearLabel}` };
}

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { data, lastChangeId } = await loadPlan((await params).id);
  return <PlanEditor data={data} lastChangeId={lastChangeId} />;
}
