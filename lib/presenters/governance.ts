import type {
  ApprovalRule,
  BoardDecision,
  PlanStatus,
  RecommendationStatus,
  RecommendationType,
  ReviewKind,
  ReviewStatus,
  Role,
} from '@/db/schema';
import type { SignatureView } from './types';

/** A signature given in jointplan. Final: it can be withdrawn (a new record), never edited. */
export type GivenSignatureView = {
  id: string;
  userId: string | null;
  name: string;
  /** ISO time. */
  signedAt: string;
  /** The SHA-256 of the snapshot the signer saw. */
  snapshotHash: string;
  withdrawal: { withdrawnAt: string; reason: string } | null;
};

/** A signature the review needs: a role at a school, its current signature and its history. */
export type SignatureLineView = {
  id: string;
  position: number;
  role: Role;
  roleLabel: string;
  schoolId: string;
  schoolName: string;
  /** The signature standing on this line (not withdrawn), or null when it waits to be signed. */
  signature: GivenSignatureView | null;
  /** Earlier signatures on this line that their signers withdrew, oldest first. */
  withdrawn: GivenSignatureView[];
  /** Whether the person viewing may sign this line now. */
  canSign: boolean;
  /** Whether the person viewing may withdraw the standing signature (they gave it). */
  canWithdraw: boolean;
};

export type BoardDecisionView = {
  id: string;
  schoolId: string;
  schoolName: string;
  decision: BoardDecision;
  reason: string | null;
  /** ISO date of the board meeting. */
  meetingDate: string;
  minuteReference: string | null;
  recordedBy: string;
  roleLabel: string;
  /** ISO time. */
  recordedAt: string;
};

/** Where one required board stands on a recommendation. */
export type BoardStandingView = {
  schoolId: string;
  schoolName: string;
  shortCode: string;
  /** The board's latest decision, or `pending` when none is recorded. */
  decision: BoardDecision | 'pending';
  latest: BoardDecisionView | null;
  /** Whether the person viewing records this board's decisions (its chair or clerk) and may now. */
  canRecord: boolean;
};

export type RecommendationView = {
  id: string;
  reviewId: string;
  planId: string;
  type: RecommendationType;
  typeLabel: string;
  text: string;
  subjectSchool: { id: string; name: string } | null;
  rule: ApprovalRule;
  ruleLabel: string;
  status: RecommendationStatus;
  /** ISO date the JCC recommended it (the review's meeting date, or the day it was recorded). */
  recommendedOn: string;
  resolvedAt: string | null;
  rejectionReason: string | null;
  /** For adopting or amending a plan: the hash of the snapshot being authorised. */
  snapshotHash: string | null;
  createdBy: string;
  boards: BoardStandingView[];
  /** Every decision recorded, oldest first. */
  decisions: BoardDecisionView[];
};

export type ReviewDetailView = {
  id: string;
  planId: string;
  plan: { id: string; title: string; academicYearLabel: string; versionNumber: number; status: PlanStatus };
  partnership: { id: string; name: string };
  kind: ReviewKind;
  kindLabel: string;
  status: ReviewStatus;
  /** ISO date of the meeting. */
  heldOn: string | null;
  heldOnLabel: string | null;
  attendees: string | null;
  /** Sanitized HTML, co-edited live as `review:<id>:minutes`. */
  minutes: string;
  statement: string | null;
  version: number;
  snapshot: { id: string; hash: string; takenAt: string; takenBy: string | null } | null;
  lines: SignatureLineView[];
  /** Signatures of an imported (paper) review, as printed. */
  importedSignatures: SignatureView[];
  recommendations: RecommendationView[];
  completedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  permissions: {
    /** Date, attendees and minutes. */
    edit: boolean;
    /** Recording a JCC recommendation. */
    recommend: boolean;
  };
};

/** Where a plan version stands with the JCC and the boards, for the line under its title. */
export type PlanStandingView = {
  /** The recommendation to adopt or amend this version that is pending, authorised or last rejected. */
  recommendation: RecommendationView | null;
  /** e.g. "recommended by the JCC on 14 Nov 2017 · authorised by 1 of 2 boards (Bank Road ✓, William Lilley pending)". */
  summary: string | null;
};

/** One version of a plan's lineage. */
export type PlanVersionView = {
  id: string;
  versionNumber: number;
  title: string;
  academicYearLabel: string;
  status: PlanStatus;
  note: string | null;
  createdAt: string;
  ratifiedAt: string | null;
  /** A ratified version that a later ratified version replaced. */
  superseded: boolean;
};

export type InboxItemView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  href: string;
  partnershipName: string;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
};

/** The governance part of the plan page. */
export type PlanGovernanceView = {
  standing: PlanStandingView;
  /** The parents' page of this plan's lineage, when published. */
  publication: { path: string; publishedAt: string } | null;
  /** Every version of this plan's lineage, newest first. */
  versions: PlanVersionView[];
  permissions: {
    startReview: boolean;
    /** Open a new draft version (this version is ratified and the newest). */
    amend: boolean;
    /** Publish or take down the parents' page (a ratified version exists in the lineage). */
    publish: boolean;
  };
};
