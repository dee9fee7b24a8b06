import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PlanDocument } from '@/components/plan/PlanDocument';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getPlanView } from '@/lib/queries/plans';

export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const loadPlan = cache(async (id: string) => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${id}`)}`);
  try {
    return await getPlanView(getDb(), actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const plan = await loadPlan((await params).id);
  return { title: `${plan.title} ${plan.yearLabel ?? plan.academicYearLabel}` };
}

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const plan = await loadPlan((await params).id);
  return <PlanDocument plan={plan} />;
}
