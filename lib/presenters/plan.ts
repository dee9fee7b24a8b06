import type { Action, Plan, Term } from '@/db/schema';
import type { DueView } from './types';

const TERM_NAMES: Record<Term, string> = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2017-18" for the academic year starting in September 2017. */
export function academicYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** "5 Dec 2017" for 2017-12-05. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** An action's due point for clients; the printed label is kept when the document gave one. */
export function presentDue(a: Pick<Action, 'dueKind' | 'dueAcademicYear' | 'dueTerm' | 'dueHalf' | 'dueDate' | 'dueTime' | 'dueLabel'>): DueView {
  switch (a.dueKind) {
    case 'tbc':
      return { kind: 'tbc', label: a.dueLabel ?? 'TBC' };
    case 'term':
      if (a.dueTerm && a.dueAcademicYear !== null) {
        const year = a.dueTerm === 'autumn' ? a.dueAcademicYear : a.dueAcademicYear + 1;
        return { kind: 'term', academicYear: a.dueAcademicYear, term: a.dueTerm, label: a.dueLabel ?? `${TERM_NAMES[a.dueTerm]} ${year}` };
      }
      break;
    case 'half_term':
      if (a.dueTerm && a.dueAcademicYear !== null && (a.dueHalf === 1 || a.dueHalf === 2)) {
        return {
          kind: 'half_term',
          academicYear: a.dueAcademicYear,
          term: a.dueTerm,
          half: a.dueHalf,
          label: a.dueLabel ?? `${TERM_NAMES[a.dueTerm]} ${a.dueHalf} ${academicYearLabel(a.dueAcademicYear)}`,
        };
      }
      break;
    case 'date':
      if (a.dueDate) return { kind: 'date', date: a.dueDate, time: a.dueTime, label: a.dueLabel ?? formatDate(a.dueDate) };
      break;
    case 'none':
      break;
  }
  return { kind: 'none', label: null };
}

/** The fields of a plan every listing shows. */
export function presentPlanSummary(plan: Plan, partnership: { id: string; name: string }) {
  return {
    id: plan.id,
    title: plan.title,
    academicYear: plan.academicYear,
    academicYearLabel: academicYearLabel(plan.academicYear),
    status: plan.status,
    version: plan.revision,
    versionNumber: plan.versionNumber,
    partnership,
    updatedAt: plan.updatedAt.toISOString(),
  };
}
