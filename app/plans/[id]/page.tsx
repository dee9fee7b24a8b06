import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PlanEditor } from '@/components/plan/editor/PlanEditor';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getPlanPageData } from '@/lib/queries/plan-page';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const loadPlan = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${id}`)}`);
  try {
    return await getPlanPageData(getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { plan } = await loadPlan((await params).id);
  return { title: `${plan.title} ${plan.yearLabel ?? plan.academicYearLabel}` };
}

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const data = await loadPlan((await params).id);
  return <PlanEditor data={data} />;
}
