import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { PublicPlan } from '@/components/public/PublicPlan';
import { getDb } from '@/db/client';
import { getPublishedPlan } from '@/lib/queries/publication';

// Read on every request: taking the page down must take effect at once.
export const dynamic = 'force-dynamic';

// generateMetadata and the page share one load per request.
const load = cache(async (token: string) => {
  const plan = await getPublishedPlan(getDb(), token);
  // The same 404 whether the page never existed or was taken down.
  if (!plan) notFound();
  return plan;
});

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const plan = await load((await params).token);
  return {
    title: `${plan.title} ${plan.yearLabel} · ${plan.partnershipName}`,
    description: `The ${plan.title} of ${plan.partnershipName}, as the schools’ governing boards approved it.`,
    robots: { index: true, follow: true },
  };
}

/** The parents' page: public, no sign-in, read-only. */
export default async function PublishedPlanPage({ params }: { params: Promise<{ token: string }> }) {
  const plan = await load((await params).token);
  return (
    <div className="page public-page">
      <PublicPlan plan={plan} />
    </div>
  );
}
