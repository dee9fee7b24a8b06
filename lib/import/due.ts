import type { Term } from '@/db/schema';
import type { Due } from './types';

/** What recogniseDue needs to know about where the text sits. */
export type DueContext = {
  /** First calendar year of the plan's academic year: 2017 means September 2017 to July 2018. */
  academicYear: number;
  /** The due set by the nearest term heading above the text (e.g. "Autumn 2017"), if any. */
  currentHeading?: Due;
};

/** A due phrase found in a text: what it means and where it is. */
export type DueMatch = {
  due: Exclude<Due, { kind: 'none' }>;
  /** Offset of the phrase in the text searched. */
  index: number;
  length: number;
};

const MONTHS: Record<string, number> = {
  january: 1, jan: 1,
  february: 2, feb: 2,
  march: 3, mar: 3,
  april: 4, apr: 4,
  may: 5,
  june: 6, jun: 6,
  july: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  october: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

// Only a short month name takes a full stop ("Dec."): after a full name it ends the sentence.
const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)';
const WEEKDAY = '(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\\.?,?\\s+)?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(\\d{4})(?!\\d))?';
// "6.00 p.m.", "6pm", "at 18:30": the clock time of a meeting.
const TIME = '(?:,?\\s+(?:at\\s+)?(?:(\\d{1,2})(?:[.:](\\d{2}))?\\s*([ap])\\.?\\s?m\\b\\.?|(\\d{1,2}):(\\d{2})(?!\\d)))?';

// A digit just before the day would make it part of another number ("2.5 July", "12/5 July").
const DAY_FIRST = new RegExp(`${WEEKDAY}(?<![\\d.,:/£$])${DAY}\\s+(?:of\\s+)?${MONTH}(?![a-z])${YEAR}${TIME}`, 'gi');
const MONTH_FIRST = new RegExp(`${WEEKDAY}\\b${MONTH}\\s+${DAY}(?![\\d:.]?\\d)(?![a-z])${YEAR}${TIME}`, 'gi');
const NUMERIC_DATE = /(?<![\d/.])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g;
const TBC = /\b(?:(?:date|time|venue)\s+)?(?:TBC|TBA|to be confirmed|to be arranged|to be agreed)\b/gi;
const HALF_TERM = /\b(Autumn|Spring|Summer)\s*([12])(?![\d.,:/])(?:\s+(\d{4})(?!\d))?/gi;
const TERM_WITH_YEAR = /\b(Autumn|Spring|Summer)(?:\s+term)?\s+(\d{4})(?!\d)(?:\s*[-–/]\s*\d{2,4}(?!\d))?/gi;
const TERM_ALONE = /\b(Autumn|Spring|Summer)\s+term\b/gi;

const KIND_PRIORITY: Record<Exclude<Due['kind'], 'none'>, number> = { date: 0, tbc: 1, half_term: 2, term: 3 };

/** The calendar year in which `month` (1-12) falls within an academic year starting in September. */
export function calendarYearFor(month: number, academicYear: number): number {
  return month >= 9 ? academicYear : academicYear + 1;
}

/** The academic year (its first calendar year) of a term printed with a calendar year, e.g. "Spring 2018" → 2017. */
export function academicYearOfTerm(term: Term, calendarYear: number): number {
  return term === 'autumn' ? calendarYear : calendarYear - 1;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function clockTime(
  hourText: string | undefined,
  minuteText: string | undefined,
  meridiem: string | undefined,
): string | undefined {
  if (hourText === undefined) return undefined;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return undefined;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem.toLowerCase() === 'p';
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  } else if (hour > 23) {
    return undefined;
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function termOf(word: string): Term {
  return word.toLowerCase() as Term;
}

// Month names are proper nouns: "may" in lower case is the verb, not the month.
function isMonthWord(word: string): boolean {
  return word !== word.toLowerCase();
}

// Both date patterns capture, after day and month: year, then the clock time as
// (hour, minute, a/p) or (hour, minute) on a 24-hour clock.
function namedDate(
  match: RegExpMatchArray,
  dayText: string,
  monthWord: string,
  academicYear: number,
): Exclude<Due, { kind: 'none' }> | null {
  if (!isMonthWord(monthWord)) return null;
  const month = MONTHS[monthWord.replace(/\.$/, '').toLowerCase()];
  const year = match[3] ? Number(match[3]) : calendarYearFor(month, academicYear);
  const date = isoDate(year, month, Number(dayText));
  if (!date) return null;
  const time = clockTime(match[4] ?? match[7], match[5] ?? match[8], match[6]);
  const label = match[0].trim();
  return time ? { kind: 'date', date, time, label } : { kind: 'date', date, label };
}

function numericDate(match: RegExpMatchArray): Exclude<Due, { kind: 'none' }> | null {
  const day = Number(match[1]);
  const month = Number(match[2]);
  const yearText = match[3];
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const date = isoDate(year, month, day);
  return date ? { kind: 'date', date, label: match[0] } : null;
}

function collect(
  pattern: RegExp,
  text: string,
  read: (match: RegExpMatchArray) => Exclude<Due, { kind: 'none' }> | null,
): DueMatch[] {
  const found: DueMatch[] = [];
  for (const match of text.matchAll(pattern)) {
    const due = read(match);
    // Optional parts of a pattern can take in spaces at either end; the span is trimmed like the label.
    if (due) {
      const lead = match[0].length - match[0].trimStart().length;
      found.push({ due, index: match.index + lead, length: match[0].trim().length });
    }
  }
  return found;
}

/** Every due phrase in `text`, in reading order; where phrases overlap, the more precise one is kept. */
export function findDuePhrases(text: string, academicYear: number): DueMatch[] {
  const candidates: DueMatch[] = [
    ...collect(DAY_FIRST, text, (m) => namedDate(m, m[1], m[2], academicYear)),
    ...collect(MONTH_FIRST, text, (m) => namedDate(m, m[2], m[1], academicYear)),
    ...collect(NUMERIC_DATE, text, numericDate),
    ...collect(TBC, text, (m) => ({ kind: 'tbc', label: m[0] })),
    ...collect(HALF_TERM, text, (m) => {
      const term = termOf(m[1]);
      const year = m[3] ? academicYearOfTerm(term, Number(m[3])) : academicYear;
      const half = m[2] === '1' ? 1 : 2;
      return { kind: 'half_term', academicYear: year, term, half, label: m[0] };
    }),
    ...collect(TERM_WITH_YEAR, text, (m) => {
      const term = termOf(m[1]);
      return { kind: 'term', academicYear: academicYearOfTerm(term, Number(m[2])), term, label: m[0] };
    }),
    ...collect(TERM_ALONE, text, (m) => ({ kind: 'term', academicYear, term: termOf(m[1]), label: m[0] })),
  ];
  // Candidates are listed most precise first, so a later one that overlaps a kept one is a partial reading.
  const kept: DueMatch[] = [];
  for (const candidate of candidates) {
    const overlaps = kept.some(
      (k) => candidate.index < k.index + k.length && k.index < candidate.index + candidate.length,
    );
    if (!overlaps) kept.push(candidate);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** When the text says something is due, else the due of the heading it sits under, else none. */
export function recogniseDue(text: string, ctx: DueContext): Due {
  // The text's own phrase wins over its heading; among its own phrases the most precise wins
  // (date, then "TBC", then half term, then term), and among equals the first.
  const matches = findDuePhrases(text, ctx.academicYear);
  if (matches.length > 0) {
    const best = matches.reduce((a, b) => (KIND_PRIORITY[b.due.kind] < KIND_PRIORITY[a.due.kind] ? b : a));
    return best.due;
  }
  return ctx.currentHeading ?? { kind: 'none' };
}

/** The due of a line that is nothing but a due phrase (a term heading like "Autumn 2017"), else null. */
export function dueHeading(text: string, academicYear: number): Exclude<Due, { kind: 'none' }> | null {
  const core = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[([{\s]+|[)\]}:.\s]+$/g, '');
  if (core === '') return null;
  const matches = findDuePhrases(core, academicYear);
  if (matches.length !== 1) return null;
  const [only] = matches;
  return only.index === 0 && only.length === core.length ? only.due : null;
}
