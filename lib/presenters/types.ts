import type { PlanGovernanceView } from './governance';
import type { ActionStatus, PlanStatus, Rag, ReviewKind, ReviewStatus, Term } from '@/db/schema';

/** Due point of an action as clients receive it; `label` is always fit to print. */
export type DueView =
  | { kind: 'none'; label: null }
  | { kind: 'tbc'; label: string }
  | { kind: 'term'; academicYear: number; term: Term; label: string }
  | { kind: 'half_term'; academicYear: number; term: Term; half: 1 | 2; label: string }
  | { kind: 'date'; date: string; time: string | null; label: string };

export type PersonRef = { id: string; name: string };

export type ActionView = {
  id: string;
  position: number;
  text: string;
  /** Short codes of the schools the action concerns. */
  schools: string[];
  due: DueView;
  status: ActionStatus;
  rag: Rag | null;
  ragReason: string | null;
  /** The owner's name: an account's, or as written in an imported document. */
  owner: string | null;
  ownerId: string | null;
  version: number;
};

export type ImpactView = {
  id: string;
  /** ISO date, when known. */
  date: string | null;
  /** The date fit to print ("July 2017", "5 Dec 2017"). */
  dateLabel: string | null;
  author: string | null;
  authorId: string | null;
  /** Sanitized HTML. */
  text: string;
  evidenceUrl: string | null;
  withdrawn: boolean;
  version: number;
};

export type StrandView = {
  id: string;
  position: number;
  title: string;
  subtitle: string | null;
  objectiveNumbers: number[];
  /** Sanitized HTML. */
  keyObjective: string;
  /** Sanitized HTML. */
  intendedImpact: string;
  lead: PersonRef | null;
  actions: ActionView[];
  impact: ImpactView[];
  version: number;
};

export type SignatureView = {
  id: string;
  name: string;
  roleLabel: string;
  schoolName: string | null;
  imported: boolean;
  signedAt: string | null;
};

export type ReviewView = {
  id: string;
  position: number;
  kind: ReviewKind;
  status: ReviewStatus;
  heldOn: string | null;
  heldOnLabel: string | null;
  statement: string | null;
  signatures: SignatureView[];
  /** For a review held in jointplan: lines signed (not withdrawn) of those required; null when imported. */
  signing: { signed: number; required: number } | null;
};

export type PlanSummaryView = {
  id: string;
  title: string;
  academicYear: number;
  /** "2017-18" */
  academicYearLabel: string;
  status: PlanStatus;
  /** The plan's concurrency version: what a PATCH or archive sends back. */
  version: number;
  /** The plan's number in its lineage: 2 after one amendment ("Version 2"). */
  versionNumber: number;
  partnership: { id: string; name: string };
  updatedAt: string;
};

export type PlanView = PlanSummaryView & {
  yearLabel: string | null;
  note: string | null;
  objectivesIntro: string | null;
  impactAsOf: string | null;
  schools: { id: string; name: string; shortCode: string }[];
  objectives: { id: string; number: number; text: string; version: number }[];
  strands: StrandView[];
  reviews: ReviewView[];
};

/** What the signed-in person may do on a plan page: computed by lib/policies, the same rules the server enforces. */
export type PlanPermissions = {
  /** Plan title and year, archive, objectives, adding/removing/reordering strands and linking objectives. */
  update: boolean;
  /** Adding impact entries anywhere in the plan. */
  createImpact: boolean;
  strands: { [strandId: string]: { update: boolean; createAction: boolean } };
  actions: { [actionId: string]: { update: boolean; delete: boolean } };
  impact: { [entryId: string]: { update: boolean } };
  readHistory: boolean;
};

/** A person of the partnership, for choosing owners and leads. */
export type PersonOption = { id: string; name: string; roles: string[] };

export type PlanPageData = {
  plan: PlanView;
  permissions: PlanPermissions;
  people: PersonOption[];
  governance: PlanGovernanceView;
};

export type ObjectiveView = PlanView['objectives'][number];
/** A strand without its actions and impact: what a strand write answers with. */
export type StrandFieldsView = Omit<StrandView, 'actions' | 'impact'> & { planId: string };
export type ActionEntityView = ActionView & { strandId: string; planId: string };
export type ImpactEntityView = ImpactView & { strandId: string; planId: string; actionId: string | null; withdrawnReason: string | null };
