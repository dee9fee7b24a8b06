import type { Term } from '@/db/schema';

/**
 * Nominal English term dates, for putting a term or half-term due point on a calendar. Schools'
 * real dates differ by local authority and academy trust (and Easter moves), so these are a fixed
 * convention, always labelled "nominal date" in the feed:
 *
 * | due point            | nominal last day (academic year starting September Y) |
 * | -------------------- | ------------------------------------------------------ |
 * | Autumn 1             | 24 October Y                                            |
 * | Autumn 2, Autumn     | 19 December Y                                           |
 * | Spring 1             | 14 February Y+1                                         |
 * | Spring 2, Spring     | 31 March Y+1                                            |
 * | Summer 1             | 23 May Y+1                                              |
 * | Summer 2, Summer     | 21 July Y+1                                             |
 *
 * A date that falls on a Saturday or Sunday moves back to the Friday before it.
 */
export const NOMINAL_TERM_ENDS: { [T in Term]: { half1: [month: number, day: number]; end: [month: number, day: number] } } = {
  autumn: { half1: [10, 24], end: [12, 19] },
  spring: { half1: [2, 14], end: [3, 31] },
  summer: { half1: [5, 23], end: [7, 21] },
};

/** The nominal last day (ISO date) of a term (`half` absent) or half term of an academic year. */
export function nominalTermEnd(academicYear: number, term: Term, half?: number | null): string {
  const [month, day] = half === 1 ? NOMINAL_TERM_ENDS[term].half1 : NOMINAL_TERM_ENDS[term].end;
  const year = term === 'autumn' ? academicYear : academicYear + 1;
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay();
  // Saturday back one day, Sunday back two: the Friday the term would end on.
  if (weekday === 6) date.setUTCDate(date.getUTCDate() - 1);
  if (weekday === 0) date.setUTCDate(date.getUTCDate() - 2);
  return date.toISOString().slice(0, 10);
}
