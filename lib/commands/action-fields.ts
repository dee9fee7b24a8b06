import type { Action } from '@/db/schema';
import { fieldErrors } from '@/lib/errors';
import type { DueInput } from '@/lib/validation/plan-content';
import { academicYearLabel, formatDate } from '@/lib/presenters/plan';

const TERM = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' } as const;

/** The due columns for a due input, with a printable label written the way the plans write it. */
export function dueColumns(due: DueInput) {
  const empty = { dueAcademicYear: null, dueTerm: null, dueHalf: null, dueDate: null, dueTime: null };
  switch (due.kind) {
    case 'none':
      return { ...empty, dueKind: 'none' as const, dueLabel: null };
    case 'tbc':
      return { ...empty, dueKind: 'tbc' as const, dueLabel: 'TBC' };
    case 'term': {
      const year = due.term === 'autumn' ? due.academicYear : due.academicYear + 1;
      return { ...empty, dueKind: 'term' as const, dueAcademicYear: due.academicYear, dueTerm: due.term, dueLabel: `${TERM[due.term]} ${year}` };
    }
    case 'half_term':
      return {
        ...empty,
        dueKind: 'half_term' as const,
        dueAcademicYear: due.academicYear,
        dueTerm: due.term,
        dueHalf: due.half,
        dueLabel: `${TERM[due.term]} ${due.half} ${academicYearLabel(due.academicYear)}`,
      };
    case 'date':
      return { ...empty, dueKind: 'date' as const, dueDate: due.date, dueTime: due.time ?? null, dueLabel: formatDate(due.date) };
  }
}

/** An action's due as the audit trail and restore see it: the input's shape. */
export function dueOf(a: Pick<Action, 'dueKind' | 'dueAcademicYear' | 'dueTerm' | 'dueHalf' | 'dueDate' | 'dueTime'>): DueInput {
  if (a.dueKind === 'term' && a.dueAcademicYear !== null && a.dueTerm) return { kind: 'term', academicYear: a.dueAcademicYear, term: a.dueTerm };
  if (a.dueKind === 'half_term' && a.dueAcademicYear !== null && a.dueTerm && (a.dueHalf === 1 || a.dueHalf === 2)) {
    return { kind: 'half_term', academicYear: a.dueAcademicYear, term: a.dueTerm, half: a.dueHalf };
  }
  if (a.dueKind === 'date' && a.dueDate) return { kind: 'date', date: a.dueDate, time: a.dueTime };
  if (a.dueKind === 'tbc') return { kind: 'tbc' };
  return { kind: 'none' };
}

/**
 * The RAG rule: moving an action to amber or red needs a reason, which is kept; moving it back to
 * green (or no rating) clears the reason unless a new one is given.
 */
export function ragColumns(
  current: { rag: Action['rag']; ragReason: string | null },
  input: { rag?: Action['rag']; ragReason?: string | null },
): { rag?: Action['rag']; ragReason?: string | null } {
  if (input.rag === undefined) {
    if (input.ragReason === undefined) return {};
    // The reason of an amber or red rating can be reworded, not removed.
    if ((current.rag === 'amber' || current.rag === 'red') && !input.ragReason?.trim()) {
      throw fieldErrors({ ragReason: `This action is ${current.rag}: keep a reason with the rating.` });
    }
    return { ragReason: input.ragReason?.trim() || null };
  }
  const reason = input.ragReason?.trim() || null;
  if ((input.rag === 'amber' || input.rag === 'red') && input.rag !== current.rag && !reason) {
    throw fieldErrors({ ragReason: `Say why this action is ${input.rag}: the reason is kept with the rating.` });
  }
  if (input.rag === 'amber' || input.rag === 'red') return { rag: input.rag, ragReason: reason ?? current.ragReason };
  return { rag: input.rag, ragReason: reason };
}
