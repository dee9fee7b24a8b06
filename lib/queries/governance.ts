import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { type Plan, planPublications, plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/policies';
import type { PlanGovernanceView, PlanVersionView } from '@/lib/presenters/governance';
import { academicYearLabel } from '@/lib/presenters/plan';
import { planStanding } from './reviews';

/** Every version of a lineage, newest first. Callers have scoped the lineage to the actor. */
export async function lineageVersions(db: Executor, lineageId: string): Promise<PlanVersionView[]> {
  const rows = await db.select().from(plans).where(eq(plans.lineageId, lineageId)).orderBy(desc(plans.versionNumber), desc(plans.createdAt));
  let laterRatified = false;
  return rows.map((p) => {
    const view: PlanVersionView = {
      id: p.id,
      versionNumber: p.versionNumber,
      title: p.title,
      academicYearLabel: academicYearLabel(p.academicYear),
      status: p.status,
      note: p.note,
      createdAt: p.createdAt.toISOString(),
      ratifiedAt: p.ratifiedAt?.toISOString() ?? null,
      superseded: p.status === 'ratified' && laterRatified,
    };
    if (p.status === 'ratified') laterRatified = true;
    return view;
  });
}

/** The public address of a published lineage, or null. */
export async function publicationOf(db: Executor, lineageId: string): Promise<{ path: string; publishedAt: string } | null> {
  const [row] = await db
    .select()
    .from(planPublications)
    .where(and(eq(planPublications.lineageId, lineageId), isNotNull(planPublications.publishedAt)));
  return row?.publishedAt ? { path: `/p/${row.token}`, publishedAt: row.publishedAt.toISOString() } : null;
}

/** The plan page's governance: standing, versions, publication and what this person may start. */
export async function getPlanGovernance(db: Executor, actor: Actor, plan: Pick<Plan, 'id' | 'lineageId' | 'partnershipId' | 'status' | 'versionNumber'>): Promise<PlanGovernanceView> {
  const [standing, versions, publication] = await Promise.all([
    planStanding(db, actor, plan.id),
    lineageVersions(db, plan.lineageId),
    publicationOf(db, plan.lineageId),
  ]);
  const newest = versions[0]?.id === plan.id;
  return {
    standing,
    publication,
    versions,
    permissions: {
      startReview: can(actor, 'review.start', { partnershipId: plan.partnershipId, planStatus: plan.status }),
      amend: newest && can(actor, 'plan.amend', { partnershipId: plan.partnershipId, status: plan.status }),
      publish: versions.some((v) => v.status === 'ratified') && can(actor, 'plan.publish', { partnershipId: plan.partnershipId }),
    },
  };
}
