import type { ReviewKind } from '@/db/schema';
import type { PlanView } from './types';

/**
 * What the parents' page shows of a ratified plan. Built field by field from an allow-list: no
 * ids, no emails, no action owners, no impact authors, no evidence links, no IPs or user agents;
 * the only names are those of the people who signed its reviews, with their roles.
 */
export type PublicPlanView = {
  title: string;
  /** The year as the plan prints it ("2017"), or the academic year ("2017-18"). */
  yearLabel: string;
  academicYearLabel: string;
  versionNumber: number;
  note: string | null;
  partnershipName: string;
  schools: { name: string; shortCode: string }[];
  objectivesIntro: string | null;
  impactAsOf: string | null;
  /** ISO time the last board authorised this version, when known. */
  ratifiedAt: string | null;
  /** ISO time the partnership published the page. */
  publishedAt: string;
  objectives: { number: number; text: string }[];
  strands: PublicStrandView[];
  reviews: PublicReviewView[];
};

export type PublicStrandView = {
  title: string;
  subtitle: string | null;
  objectiveNumbers: number[];
  /** Sanitized HTML. */
  keyObjective: string;
  /** Sanitized HTML. */
  intendedImpact: string;
  /** Impact to date, withdrawn entries left out. */
  impact: { date: string | null; dateLabel: string | null; /** Sanitized HTML. */ text: string }[];
};

export type PublicReviewView = {
  kind: ReviewKind;
  /** ISO date of the meeting, when known. */
  heldOn: string | null;
  heldOnLabel: string | null;
  statement: string | null;
  signatories: { name: string; roleLabel: string; schoolName: string | null; /** ISO time, when signed in jointplan. */ signedAt: string | null }[];
};

/** A completed or imported review and the signatures standing on it (withdrawn ones left out). */
export type PublicReviewSource = {
  kind: ReviewKind;
  heldOn: string | null;
  heldOnLabel: string | null;
  statement: string | null;
  signatures: { signerName: string; roleLabel: string; schoolName: string | null; signedAt: Date | null }[];
};

/** The parents' page of a ratified plan, copying only the fields listed here. */
export function presentPublicPlan(
  plan: PlanView,
  reviews: readonly PublicReviewSource[],
  meta: { ratifiedAt: Date | null; publishedAt: Date },
): PublicPlanView {
  return {
    title: plan.title,
    yearLabel: plan.yearLabel ?? plan.academicYearLabel,
    academicYearLabel: plan.academicYearLabel,
    versionNumber: plan.versionNumber,
    note: plan.note,
    partnershipName: plan.partnership.name,
    schools: plan.schools.map((s) => ({ name: s.name, shortCode: s.shortCode })),
    objectivesIntro: plan.objectivesIntro,
    impactAsOf: plan.impactAsOf,
    ratifiedAt: meta.ratifiedAt?.toISOString() ?? null,
    publishedAt: meta.publishedAt.toISOString(),
    objectives: [...plan.objectives].sort((a, b) => a.number - b.number).map((o) => ({ number: o.number, text: o.text })),
    strands: [...plan.strands]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({
        title: s.title,
        subtitle: s.subtitle,
        objectiveNumbers: [...s.objectiveNumbers],
        keyObjective: s.keyObjective,
        intendedImpact: s.intendedImpact,
        impact: s.impact.filter((i) => !i.withdrawn).map((i) => ({ date: i.date, dateLabel: i.dateLabel, text: i.text })),
      })),
    reviews: reviews.map((r) => ({
      kind: r.kind,
      heldOn: r.heldOn,
      heldOnLabel: r.heldOnLabel,
      statement: r.statement,
      signatories: r.signatures.map((s) => ({
        name: s.signerName,
        roleLabel: s.roleLabel,
        schoolName: s.schoolName,
        signedAt: s.signedAt?.toISOString() ?? null,
      })),
    })),
  };
}
