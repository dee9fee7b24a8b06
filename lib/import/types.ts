import type { ActionStatus, DueKind, ReviewKind, Role, Term } from '@/db/schema';

/** When an action is due, as recognised from the text. */
export type Due =
  | { kind: 'none' }
  | { kind: 'tbc'; label: string }
  | { kind: 'term'; academicYear: number; term: Term; label: string }
  | { kind: 'half_term'; academicYear: number; term: Term; half: 1 | 2; label: string }
  | { kind: 'date'; date: string /* YYYY-MM-DD */; time?: string /* HH:MM */; label: string };

export type ParsedAction = {
  /** Plain text of the action, without bullet characters. */
  text: string;
  due: Due;
  /** School short codes named in the action ("BR", "WL"), in order of appearance, no repeats. */
  schools: string[];
  status: ActionStatus;
};

export type ParsedImpact = {
  /** Sanitized HTML of the entry. */
  html: string;
  /** ISO date when the entry or the column header gives one precisely, else null. */
  date: string | null;
  /** The date as printed, e.g. "July 2017" from the column header. */
  dateLabel: string | null;
};

export type ParsedStrand = {
  title: string;
  /** e.g. "(2017-2018)" printed where links would be. */
  subtitle: string | null;
  objectiveNumbers: number[];
  /** Sanitized HTML. */
  keyObjective: string;
  actions: ParsedAction[];
  /** Sanitized HTML. */
  intendedImpact: string;
  impact: ParsedImpact[];
  /** 1-based line of the source where this strand's row starts. */
  line: number;
};

export type ParsedSignatory = {
  name: string;
  roleLabel: string; // "Head Teacher", "Chair of Governing Board"
  role: Extract<Role, 'head_teacher' | 'chair_of_governors'> | null;
  schoolName: string;
  /** Short code of the school when it can be told from the name ("BR", "WL"), else null. */
  schoolCode: string | null;
};

export type ParsedReview = {
  kind: ReviewKind;
  /** The statement(s) as printed, joined with a newline. */
  statement: string;
  heldOn: string | null; // YYYY-MM-DD when a day is given
  heldOnLabel: string; // "11 July 2017", "November 2017"
  signatories: ParsedSignatory[];
};

export type ParsedSchool = { shortCode: string; name: string };

export type ParsedPlan = {
  title: string; // "Collaboration Action Plan"
  yearLabel: string; // "2017"
  academicYear: number; // 2017 (= 2017-18)
  note: string | null; // "Amended and updated following review by head teachers – November 2017"
  objectivesIntro: string | null;
  objectives: { number: number; text: string }[];
  impactAsOf: string | null; // "July 2017"
  strands: ParsedStrand[];
  reviews: ParsedReview[];
  /** Schools the document names in its sign-off blocks, with the short codes used in the plan. */
  schools: ParsedSchool[];
};

/** A document that is not in the plan's shape: which line, and what is wrong with it. */
export class ImportFormatError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`Line ${line}: ${problem}`);
    this.name = 'ImportFormatError';
  }
}
