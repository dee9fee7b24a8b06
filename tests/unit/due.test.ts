import { describe, expect, it } from 'vitest';
import {
  academicYearOfTerm,
  calendarYearFor,
  dueHeading,
  findDuePhrases,
  recogniseDue,
} from '@/lib/import/due';
import type { Due } from '@/lib/import/types';

const ctx = { academicYear: 2017 };
const autumn2017: Due = { kind: 'term', academicYear: 2017, term: 'autumn', label: 'Autumn 2017' };

describe('recogniseDue: terms and half terms', () => {
  it.each<[string, Due]>([
    ['Autumn 2017', autumn2017],
    ['Spring 2018', { kind: 'term', academicYear: 2017, term: 'spring', label: 'Spring 2018' }],
    ['Summer 2018', { kind: 'term', academicYear: 2017, term: 'summer', label: 'Summer 2018' }],
    ['Autumn term 2017', { kind: 'term', academicYear: 2017, term: 'autumn', label: 'Autumn term 2017' }],
    ['audit in Spring term', { kind: 'term', academicYear: 2017, term: 'spring', label: 'Spring term' }],
    ['Spring 1', { kind: 'half_term', academicYear: 2017, term: 'spring', half: 1, label: 'Spring 1' }],
    ['Spring 2', { kind: 'half_term', academicYear: 2017, term: 'spring', half: 2, label: 'Spring 2' }],
    ['Autumn 1', { kind: 'half_term', academicYear: 2017, term: 'autumn', half: 1, label: 'Autumn 1' }],
    ['Summer 2', { kind: 'half_term', academicYear: 2017, term: 'summer', half: 2, label: 'Summer 2' }],
    ['Maths leads to meet Spring 1', { kind: 'half_term', academicYear: 2017, term: 'spring', half: 1, label: 'Spring 1' }],
    ['Summer 1 2019', { kind: 'half_term', academicYear: 2018, term: 'summer', half: 1, label: 'Summer 1 2019' }],
  ])('%s', (text, due) => {
    expect(recogniseDue(text, ctx)).toEqual(due);
  });

  it('reads a half term in the context academic year', () => {
    expect(recogniseDue('Autumn 2', { academicYear: 2020 })).toEqual({
      kind: 'half_term',
      academicYear: 2020,
      term: 'autumn',
      half: 2,
      label: 'Autumn 2',
    });
  });
});

describe('recogniseDue: dates', () => {
  it.each<[string, Due]>([
    ['SENcos to meet (5 December 2017)', { kind: 'date', date: '2017-12-05', label: '5 December 2017' }],
    ['English leads (4 December)', { kind: 'date', date: '2017-12-04', label: '4 December' }],
    ['lead teachers to meet at BR (16 November)', { kind: 'date', date: '2017-11-16', label: '16 November' }],
    ['training on EHWB (15 January at BR)', { kind: 'date', date: '2018-01-15', label: '15 January' }],
    ['meeting at BR on 12 December 2017', { kind: 'date', date: '2017-12-12', label: '12 December 2017' }],
    [
      'meeting at WL (Tuesday 23 January 2018 6.00 p.m.)',
      { kind: 'date', date: '2018-01-23', time: '18:00', label: 'Tuesday 23 January 2018 6.00 p.m.' },
    ],
    ['review took place on 25th April.', { kind: 'date', date: '2018-04-25', label: '25th April' }],
    ['conference on 5 July', { kind: 'date', date: '2018-07-05', label: '5 July' }],
    ['conference on July 5.', { kind: 'date', date: '2018-07-05', label: 'July 5' }],
    ['(1st September)', { kind: 'date', date: '2017-09-01', label: '1st September' }],
    ['(31 August)', { kind: 'date', date: '2018-08-31', label: '31 August' }],
    ['ON 11TH July 2017.', { kind: 'date', date: '2017-07-11', label: '11TH July 2017' }],
    ['on 3rd of March', { kind: 'date', date: '2018-03-03', label: '3rd of March' }],
    ['(Wed 7 Feb.)', { kind: 'date', date: '2018-02-07', label: 'Wed 7 Feb.' }],
    ['(Wed 7 Feb)', { kind: 'date', date: '2018-02-07', label: 'Wed 7 Feb' }],
    ['visit on 14/3/2018', { kind: 'date', date: '2018-03-14', label: '14/3/2018' }],
    ['meet on 2 May at 9.30am', { kind: 'date', date: '2018-05-02', time: '09:30', label: '2 May at 9.30am' }],
    ['meet on 2 May 2018 at 12 noon', { kind: 'date', date: '2018-05-02', label: '2 May 2018' }],
    ['governors 6 March 2018 18:15', { kind: 'date', date: '2018-03-06', time: '18:15', label: '6 March 2018 18:15' }],
  ])('%s', (text, due) => {
    expect(recogniseDue(text, ctx)).toEqual(due);
  });

  it('places dates without a year in the academic year: September to December first, January to August second', () => {
    expect(calendarYearFor(9, 2017)).toBe(2017);
    expect(calendarYearFor(12, 2017)).toBe(2017);
    expect(calendarYearFor(1, 2017)).toBe(2018);
    expect(calendarYearFor(8, 2017)).toBe(2018);
    expect(recogniseDue('(4 December)', { academicYear: 2021 })).toMatchObject({ date: '2021-12-04' });
    expect(recogniseDue('(4 February)', { academicYear: 2021 })).toMatchObject({ date: '2022-02-04' });
  });

  it('knows leap years', () => {
    expect(recogniseDue('(29 February)', { academicYear: 2019 })).toMatchObject({ date: '2020-02-29' });
    expect(recogniseDue('(29 February)', { academicYear: 2017 })).toEqual({ kind: 'none' });
  });

  it('gives the academic year of a printed term', () => {
    expect(academicYearOfTerm('autumn', 2017)).toBe(2017);
    expect(academicYearOfTerm('spring', 2018)).toBe(2017);
    expect(academicYearOfTerm('summer', 2018)).toBe(2017);
  });
});

describe('recogniseDue: to be confirmed', () => {
  it.each([
    ['EYFS leads – to meet (date TBC)', 'date TBC'],
    ['Visit TBC', 'TBC'],
    ['meeting date to be confirmed', 'date to be confirmed'],
  ])('%s', (text, label) => {
    expect(recogniseDue(text, ctx)).toEqual({ kind: 'tbc', label });
  });
});

describe('recogniseDue: headings and precedence', () => {
  it('keeps the heading when the text names no due', () => {
    expect(recogniseDue('Informal learning walks', { academicYear: 2017, currentHeading: autumn2017 })).toEqual(
      autumn2017,
    );
  });

  it('gives none when there is neither a due nor a heading', () => {
    expect(recogniseDue('Informal learning walks', ctx)).toEqual({ kind: 'none' });
  });

  it("lets an action's own date win over the term heading it sits under", () => {
    expect(recogniseDue('Leads to meet (4 December)', { academicYear: 2017, currentHeading: autumn2017 })).toEqual({
      kind: 'date',
      date: '2017-12-04',
      label: '4 December',
    });
    expect(recogniseDue('Leads to meet Spring 1', { academicYear: 2017, currentHeading: autumn2017 })).toMatchObject({
      kind: 'half_term',
      half: 1,
    });
  });

  it('prefers a date to a term named in the same text', () => {
    expect(recogniseDue('Spring term board meeting (Tuesday 23 January 2018 6.00 p.m.)', ctx)).toMatchObject({
      kind: 'date',
      date: '2018-01-23',
      time: '18:00',
    });
  });

  it('takes the first of two half terms', () => {
    expect(recogniseDue('Spring 1 – one school hosts, Spring 2 the other', ctx)).toMatchObject({
      kind: 'half_term',
      half: 1,
      label: 'Spring 1',
    });
  });
});

describe('recogniseDue: things that are not dues', () => {
  it.each([
    'Objective 10',
    'Links: Objective 1 Objective 2 Objective 5',
    '2 twilight sessions',
    '30 Hrs provision in F1',
    'Year 5',
    'Year 2 teachers',
    'Key Stage 2',
    'KS1 results',
    'Staff to meet termly',
    'staff may 5 times a year',
    'July 2017',
    '(2017-2018)',
    'Spring',
    'Spring 10',
    'Summer born children',
    '6.00 p.m.',
    'page 12',
    'score 2.5 July', // a decimal before a month is a number, not a day
  ])('%s', (text) => {
    expect(recogniseDue(text, ctx)).toEqual({ kind: 'none' });
  });
});

describe('dueHeading', () => {
  it('reads a line that is only a term or date as a heading', () => {
    expect(dueHeading('Autumn 2017', 2017)).toEqual(autumn2017);
    expect(dueHeading(' Spring 1: ', 2017)).toMatchObject({ kind: 'half_term', half: 1 });
    expect(dueHeading('(5 December 2017)', 2017)).toMatchObject({ kind: 'date', date: '2017-12-05' });
  });

  it('does not read a sentence as a heading', () => {
    expect(dueHeading('Lead teachers to meet to discuss priorities for the year ahead', 2017)).toBeNull();
    expect(dueHeading('Maths leads to meet Spring 1', 2017)).toBeNull();
    expect(dueHeading('', 2017)).toBeNull();
  });
});

describe('findDuePhrases', () => {
  it('lists every phrase in reading order with its position', () => {
    const text = 'Spring 1 – BR to WL, Spring 2 WL to BR (date TBC)';
    const found = findDuePhrases(text, 2017);
    expect(found.map((m) => m.due.label)).toEqual(['Spring 1', 'Spring 2', 'date TBC']);
    expect(found.map((m) => text.slice(m.index, m.index + m.length))).toEqual(['Spring 1', 'Spring 2', 'date TBC']);
  });
});
