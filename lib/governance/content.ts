import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { type AuditValue, type Plan, actions, impactEntries, objectives, partnerships, plans, strands } from '@/db/schema';
import { canonicalJson } from '@/lib/audit/events';
import { notFound } from '@/lib/errors';
import type { ActionView, ImpactView, PlanView, StrandView } from '@/lib/presenters/types';
import { planViewOf } from '@/lib/queries/plans';

/**
 * A plan's content as a review freezes it and versions compare it: what the plan says, without
 * bookkeeping (edit counters, timestamps). Every objective, strand, action and impact entry carries
 * `key`, the id of the row it descends from in the lineage's first version, so two versions of a
 * plan can be compared row by row.
 */
export type ContentAction = Omit<ActionView, 'version'> & { key: string };
export type ContentImpact = Omit<ImpactView, 'version'> & { key: string };
export type ContentStrand = Omit<StrandView, 'version' | 'actions' | 'impact'> & {
  key: string;
  actions: ContentAction[];
  impact: ContentImpact[];
};
export type ContentObjective = { key: string; id: string; number: number; text: string };

export type PlanContent = {
  format: 1;
  planId: string;
  lineageId: string;
  versionNumber: number;
  title: string;
  academicYear: number;
  academicYearLabel: string;
  yearLabel: string | null;
  note: string | null;
  objectivesIntro: string | null;
  impactAsOf: string | null;
  status: PlanView['status'];
  partnership: { id: string; name: string };
  schools: { id: string; name: string; shortCode: string }[];
  objectives: ContentObjective[];
  strands: ContentStrand[];
};

/** SHA-256 (hex) of the content's canonical JSON: keys sorted, no whitespace. */
export function contentHash(content: PlanContent): string {
  return createHash('sha256')
    .update(canonicalJson(content as unknown as AuditValue))
    .digest('hex');
}

/** A plan's content as it stands now. Callers have already scoped the plan to the actor. */
export async function planContentOf(db: Executor, plan: Plan): Promise<PlanContent> {
  const [partnership] = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(eq(partnerships.id, plan.partnershipId));
  const [view, objectiveKeys, strandKeys, actionKeys, impactKeys] = await Promise.all([
    planViewOf(db, plan, partnership),
    keysOf(db, objectives, plan.id),
    keysOf(db, strands, plan.id),
    keysOf(db, actions, plan.id),
    keysOf(db, impactEntries, plan.id),
  ]);
  const key = (map: Map<string, string>, id: string) => map.get(id) ?? id;
  return {
    format: 1,
    planId: plan.id,
    lineageId: plan.lineageId,
    versionNumber: plan.versionNumber,
    title: view.title,
    academicYear: view.academicYear,
    academicYearLabel: view.academicYearLabel,
    yearLabel: view.yearLabel,
    note: view.note,
    objectivesIntro: view.objectivesIntro,
    impactAsOf: view.impactAsOf,
    status: view.status,
    partnership: view.partnership,
    schools: view.schools,
    objectives: view.objectives.map((o) => ({ key: key(objectiveKeys, o.id), id: o.id, number: o.number, text: o.text })),
    strands: view.strands.map(({ version: _v, actions: strandActions, impact, ...strand }) => ({
      ...strand,
      key: key(strandKeys, strand.id),
      actions: strandActions.map(({ version: _av, ...a }) => ({ ...a, key: key(actionKeys, a.id) })),
      impact: impact.map(({ version: _iv, ...i }) => ({ ...i, key: key(impactKeys, i.id) })),
    })),
  };
}

async function keysOf(db: Executor, table: typeof objectives | typeof strands | typeof actions | typeof impactEntries, planId: string) {
  const rows = await db.select({ id: table.id, originId: table.originId }).from(table).where(eq(table.planId, planId));
  return new Map(rows.map((r) => [r.id, r.originId ?? r.id]));
}

/** The content of a plan by id (no scoping: for callers that have authorized it). */
export async function planContentById(db: Executor, planId: string): Promise<PlanContent> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound('Plan');
  return planContentOf(db, plan);
}

/** Frozen content as the plan document components render it (read-only: no counters, no reviews). */
export function viewOfContent(content: PlanContent, at: string): PlanView {
  return {
    id: content.planId,
    title: content.title,
    academicYear: content.academicYear,
    academicYearLabel: content.academicYearLabel,
    status: content.status,
    version: 0,
    versionNumber: content.versionNumber,
    partnership: content.partnership,
    updatedAt: at,
    yearLabel: content.yearLabel,
    note: content.note,
    objectivesIntro: content.objectivesIntro,
    impactAsOf: content.impactAsOf,
    schools: content.schools,
    objectives: content.objectives.map((o) => ({ id: o.id, number: o.number, text: o.text, version: 0 })),
    strands: content.strands.map(({ key: _k, actions: a, impact, ...s }) => ({
      ...s,
      version: 0,
      actions: a.map(({ key: _ak, ...x }) => ({ ...x, version: 0 })),
      impact: impact.map(({ key: _ik, ...x }) => ({ ...x, version: 0 })),
    })),
    reviews: [],
  };
}
