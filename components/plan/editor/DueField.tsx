'use client';

import type { DueKind, Term } from '@/db/schema';
import type { DueView } from '@/lib/presenters/types';
import { academicYearLabel } from '@/lib/presenters/plan';
import type { DueInput } from '@/lib/validation/plan-content';
import { FieldError } from './fields';

/** The due point as the form edits it: every kind's fields kept, so switching kind loses nothing. */
export type DueDraft = {
  kind: DueKind;
  academicYear: number;
  term: Term;
  half: 1 | 2;
  date: string;
  time: string;
};

const KIND_LABELS: Record<DueKind, string> = {
  none: 'Not set',
  tbc: 'To be confirmed (TBC)',
  term: 'A term',
  half_term: 'A half term',
  date: 'A date',
};
const KIND_ORDER: readonly DueKind[] = ['none', 'tbc', 'term', 'half_term', 'date'];
const TERM_LABELS: Record<Term, string> = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' };
const TERM_ORDER: readonly Term[] = ['autumn', 'spring', 'summer'];

const isKind = (value: string): value is DueKind => KIND_ORDER.some((kind) => kind === value);
const isTerm = (value: string): value is Term => TERM_ORDER.some((term) => term === value);

/** The form's starting point for an action's due point; `planYear` fills the fields not yet used. */
export function dueDraftFrom(due: DueView, planYear: number): DueDraft {
  const draft: DueDraft = { kind: due.kind, academicYear: planYear, term: 'autumn', half: 1, date: '', time: '' };
  if (due.kind === 'term' || due.kind === 'half_term') {
    draft.academicYear = due.academicYear;
    draft.term = due.term;
  }
  if (due.kind === 'half_term') draft.half = due.half;
  if (due.kind === 'date') {
    draft.date = due.date;
    draft.time = due.time ? due.time.slice(0, 5) : ''; // "18:00:00" from the database reads as 18:00
  }
  return draft;
}

/** What the API is sent for a draft (checked with `dueInput` before sending). */
export function dueInputFrom(draft: DueDraft): DueInput {
  switch (draft.kind) {
    case 'none':
      return { kind: 'none' };
    case 'tbc':
      return { kind: 'tbc' };
    case 'term':
      return { kind: 'term', academicYear: draft.academicYear, term: draft.term };
    case 'half_term':
      return { kind: 'half_term', academicYear: draft.academicYear, term: draft.term, half: draft.half };
    case 'date':
      return { kind: 'date', date: draft.date, time: draft.time === '' ? null : draft.time };
  }
}

/** Whether two due points say the same thing (an unchanged due is not re-sent, keeping its printed label). */
export function sameDue(a: DueInput, b: DueInput): boolean {
  const normal = (due: DueInput) => (due.kind === 'date' ? { ...due, time: due.time ?? null } : due);
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

/**
 * "Due": a kind (not set, TBC, a term, a half term, a date) and the fields that kind needs.
 * Academic year 2025 is 2025-26.
 */
export function DueField({
  id,
  value,
  onChange,
  planYear,
  error,
}: {
  id: string;
  value: DueDraft;
  onChange: (value: DueDraft) => void;
  planYear: number;
  error: string | null;
}) {
  const errorId = `${id}-error`;
  const set = (patch: Partial<DueDraft>) => onChange({ ...value, ...patch });
  const years = Array.from(new Set([planYear - 1, planYear, planYear + 1, planYear + 2, value.academicYear])).sort((a, b) => a - b);
  const described = error ? errorId : undefined;

  return (
    <fieldset className="field due-field" aria-describedby={described}>
      <legend className="field__label">Due</legend>
      <div className="due-field__row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>When</label>
          <select
            id={`${id}-kind`}
            className="field__input field__select"
            value={value.kind}
            onChange={(e) => isKind(e.target.value) && set({ kind: e.target.value })}
          >
            {KIND_ORDER.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        {value.kind === 'term' || value.kind === 'half_term' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-year`}>Academic year</label>
              <select
                id={`${id}-year`}
                className="field__input field__select"
                value={String(value.academicYear)}
                aria-invalid={error ? true : undefined}
                onChange={(e) => set({ academicYear: Number(e.target.value) })}
              >
                {years.map((year) => (
                  <option key={year} value={String(year)}>
                    {academicYearLabel(year)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-term`}>Term</label>
              <select
                id={`${id}-term`}
                className="field__input field__select"
                value={value.term}
                onChange={(e) => isTerm(e.target.value) && set({ term: e.target.value })}
              >
                {TERM_ORDER.map((term) => (
                  <option key={term} value={term}>
                    {TERM_LABELS[term]}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
        {value.kind === 'half_term' ? (
          <div className="field">
            <label htmlFor={`${id}-half`}>Half</label>
            <select
              id={`${id}-half`}
              className="field__input field__select"
              value={String(value.half)}
              onChange={(e) => set({ half: e.target.value === '2' ? 2 : 1 })}
            >
              <option value="1">
                {TERM_LABELS[value.term]} 1 (first half)
              </option>
              <option value="2">
                {TERM_LABELS[value.term]} 2 (second half)
              </option>
            </select>
          </div>
        ) : null}
        {value.kind === 'date' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-date`}>Date</label>
              <input
                id={`${id}-date`}
                type="date"
                className="field__input"
                value={value.date}
                required
                aria-invalid={error ? true : undefined}
                aria-describedby={described}
                onChange={(e) => set({ date: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-time`}>
                Time <span className="field__optional">(optional)</span>
              </label>
              <input
                id={`${id}-time`}
                type="time"
                className="field__input"
                value={value.time}
                onChange={(e) => set({ time: e.target.value })}
              />
            </div>
          </>
        ) : null}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
