import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PLAN_BYTES, parsePlanDocument } from '@/lib/import/parse';
import { ImportFormatError, type ParsedPlan } from '@/lib/import/types';

const fixture = (name: string) => readFileSync(path.resolve(process.cwd(), 'tests/fixtures', name), 'utf8');
const small = fixture('plan-small.txt');

/** The error a document raises, for asserting on its line and problem. */
function errorOf(text: string): ImportFormatError {
  try {
    parsePlanDocument(text);
  } catch (error) {
    if (error instanceof ImportFormatError) return error;
    throw error;
  }
  throw new Error('expected an ImportFormatError');
}

describe('plan-small.txt', () => {
  const plan: ParsedPlan = parsePlanDocument(small);

  it('reads the heading, note, introduction and objectives', () => {
    expect(plan.title).toBe('Partnership Action Plan');
    expect(plan.yearLabel).toBe('2019');
    expect(plan.academicYear).toBe(2019);
    expect(plan.note).toBe('Agreed by both head teachers – September 2019');
    expect(plan.objectivesIntro).toBe('Our two schools will work together to:');
    expect(plan.objectives).toEqual([
      { number: 1, text: 'Raise standards in reading across both schools.' },
      { number: 2, text: 'Share the expertise of our staff.' },
      { number: 3, text: 'Keep families informed about the partnership.' },
    ]);
    expect(plan.impactAsOf).toBe('October 2019');
  });

  it('reads the schools and their codes from the sign-offs', () => {
    expect(plan.schools).toEqual([
      { shortCode: 'ML', name: 'Meadow Lane Primary School' },
      { shortCode: 'HG', name: 'Hollins Green Infant School' },
    ]);
  });

  it('reads three strands with their links and lines', () => {
    expect(plan.strands.map((s) => [s.title, s.objectiveNumbers, s.line])).toEqual([
      ['Reading', [1, 2], 15],
      ['Staff expertise', [2], 17],
      ['Families', [3], 18],
    ]);
  });

  it('reads bulleted actions, term headings and dates', () => {
    const [reading] = plan.strands;
    expect(reading.actions).toEqual([
      { text: 'Reading leads to agree a shared phonics tracker.', due: { kind: 'none' }, schools: [], status: 'not_started' },
      { text: 'Year 2 teachers to swap one guided reading session.', due: { kind: 'none' }, schools: [], status: 'not_started' },
      {
        text: 'HG to host a book fair for both schools (12 March 2020)',
        due: { kind: 'date', date: '2020-03-12', label: '12 March 2020' },
        schools: ['HG'],
        status: 'not_started',
      },
    ]);
    expect(reading.keyObjective).toBe('<p>To improve reading fluency in Year 2.</p><p>To make the most of both libraries.</p>');
    expect(reading.impact).toEqual([
      { html: '<p>Phonics tracker drafted by the reading leads.</p>', date: null, dateLabel: 'October 2019' },
      { html: '<p>Joint book list published on 2 October 2019.</p>', date: '2019-10-02', dateLabel: '2 October 2019' },
    ]);
  });

  it('splits unbulleted actions and outcomes and applies a half-term heading', () => {
    const staff = plan.strands[1];
    expect(staff.actions.map((a) => [a.text, a.due, a.schools])).toEqual([
      ['Science leads to plan a joint investigation day', { kind: 'none' }, []],
      ['Art leads to meet (date TBC)', { kind: 'tbc', label: 'date TBC' }, []],
      [
        'ML to lend its forest school leader to HG for one afternoon',
        { kind: 'half_term', academicYear: 2019, term: 'autumn', half: 2, label: 'Autumn 2' },
        ['ML', 'HG'],
      ],
    ]);
    expect(staff.intendedImpact).toBe(
      '<ul><li><p>Staff feel confident teaching outside their specialism</p></li><li><p>Subject leads have a partner to ask for advice</p></li></ul>',
    );
    expect(staff.impact).toEqual([]);
  });

  it('reads dash lists and a date with a time', () => {
    const families = plan.strands[2];
    expect(families.keyObjective).toBe(
      '<p>To tell families what the partnership does:</p><ul><li><p>Events</p></li><li><p>Learning</p></li><li><p>Wellbeing</p></li></ul>',
    );
    expect(families.actions.map((a) => [a.text, a.due])).toEqual([
      ['Joint newsletter each half term', { kind: 'none' }],
      [
        'Open evening at ML on 21 November 2019 at 6 p.m.',
        { kind: 'date', date: '2019-11-21', time: '18:00', label: '21 November 2019 at 6 p.m.' },
      ],
    ]);
    expect(families.impact).toEqual([]);
  });

  it('reads two reviews', () => {
    expect(plan.reviews.map((r) => [r.kind, r.heldOn, r.heldOnLabel, r.signatories.length])).toEqual([
      ['head_teachers', '2019-10-04', '4 October 2019', 2],
      ['jcc', '2019-10-22', '22 October 2019', 4],
    ]);
    expect(plan.reviews[1].signatories[3]).toEqual({
      name: 'Desmond Okafor',
      roleLabel: 'Chair of Governing Board',
      role: 'chair_of_governors',
      schoolName: 'Hollins Green Infant School',
      schoolCode: 'HG',
    });
    expect(plan.reviews[1].signatories[2].roleLabel).toBe('Chair of Governors');
    expect(plan.reviews[1].signatories[2].role).toBe('chair_of_governors');
  });
});

describe('line endings, BOM and blank lines', () => {
  const plain = parsePlanDocument(small);

  it('reads CRLF line endings the same', () => {
    expect(parsePlanDocument(small.replace(/\n/g, '\r\n'))).toEqual(plain);
  });

  it('reads old Mac CR line endings the same', () => {
    expect(parsePlanDocument(small.replace(/\n/g, '\r'))).toEqual(plain);
  });

  it('ignores a UTF-8 byte order mark', () => {
    expect(parsePlanDocument(`\ufeff${small}`)).toEqual(plain);
    expect(parsePlanDocument(`\ufeff${small.replace(/\n/g, '\r\n')}`)).toEqual(plain);
  });

  it('reads the same with extra or missing blank lines (only line numbers move)', () => {
    const squeezed = small.replace(/\n\n+/g, '\n');
    const spread = small.replace(/\n\n/g, '\n\n\n\n');
    const strip = (p: ParsedPlan) => ({ ...p, strands: p.strands.map(({ line: _line, ...s }) => s) });
    expect(strip(parsePlanDocument(`\n\n${spread}\n\n`))).toEqual(strip(plain));
    // Without blank lines the note and introduction run together, and sign-off groups merge.
    const tight = parsePlanDocument(squeezed);
    expect(tight.objectives).toEqual(plain.objectives);
    expect(tight.strands.map((s) => s.actions)).toEqual(plain.strands.map((s) => s.actions));
    expect(tight.reviews.map((r) => r.signatories)).toEqual(plain.reviews.map((r) => r.signatories));
  });

  it('names the right line with CRLF and a BOM', () => {
    const broken = `\ufeff${fixture('plan-wrong-cells.txt').replace(/\n/g, '\r\n')}`;
    expect(errorOf(broken).line).toBe(18);
  });
});

describe('sanitizing what the cells hold', () => {
  const injected = small
    .replace(
      '<p>To improve reading fluency in Year 2.</p>',
      '<p>To improve reading <img src=x onerror="alert(1)">fluency<script>alert(document.cookie)</script> in Year 2.</p><iframe src="https://evil.example"></iframe>',
    )
    .replace(
      '• Reading leads to agree a shared phonics tracker.',
      '• Reading leads to agree a <a href="javascript:alert(1)" onclick="x()">shared</a> phonics tracker.<script>alert(2)</script>',
    )
    .replace(
      '<p>More pupils read at the expected standard.</p>',
      '<p style="color:red" onmouseover="alert(3)">More pupils read at the <a href="https://example.org/standard">expected standard</a>.</p><svg onload="alert(4)"></svg>',
    )
    .replace('• Phonics tracker drafted by the reading leads.', '• Phonics tracker <b onclick="alert(5)">drafted</b> by the reading leads.');

  const plan = parsePlanDocument(injected);
  const [reading] = plan.strands;

  it('drops scripts and event handlers from rich text, keeping the words', () => {
    expect(reading.keyObjective).toBe(
      '<p>To improve reading fluency in Year 2.</p><p>To make the most of both libraries.</p>',
    );
    expect(reading.intendedImpact).toBe(
      '<p>More pupils read at the <a target="_blank" rel="noopener noreferrer nofollow" href="https://example.org/standard">expected standard</a>.</p>',
    );
    expect(reading.impact[0].html).toBe('<p>Phonics tracker <strong>drafted</strong> by the reading leads.</p>');
  });

  it('keeps only the words of an action', () => {
    expect(reading.actions[0].text).toBe('Reading leads to agree a shared phonics tracker.');
  });

  it('leaves nothing dangerous anywhere in the result', () => {
    const all = JSON.stringify(plan);
    for (const danger of [/<script/i, /onerror/i, /onclick/i, /onmouseover/i, /onload/i, /javascript:/i, /<iframe/i, /<svg/i, /style=/i, /alert\(/]) {
      expect(all).not.toMatch(danger);
    }
  });
});

describe('documents not in the plan shape', () => {
  it.each<[string, number, RegExp]>([
    ['plan-empty.txt', 1, /^The file is empty\.$/],
    ['plan-binary.txt', 1, /does not contain plain text.*Save the plan as plain text/],
    ['plan-no-title.txt', 1, /should begin with the plan's title.*first line reads "2019"/],
    ['plan-no-objectives.txt', 10, /no numbered objectives before it/],
    ['plan-objectives-out-of-order.txt', 12, /objective 3 was expected here, but this line is numbered 4/],
    ['plan-no-header.txt', 14, /header row is missing.*strand row, not the header/],
    ['plan-wrong-cells.txt', 18, /has 4 cells separated by tabs, but every row needs 5/],
    ['plan-bad-link.txt', 17, /"Staff expertise" row links to Objective 12, but the plan lists only objectives 1 to 3/],
    ['plan-no-signatories.txt', 21, /sign-off "THIS PLAN WAS REVIEWED BY THE HEAD TEACHERS.*has no signatories/],
  ])('%s: line %i', (name, line, problem) => {
    const error = errorOf(fixture(name));
    expect(error.line).toBe(line);
    expect(error.problem).toMatch(problem);
    expect(error.message).toBe(`Line ${line}: ${error.problem}`);
  });

  it('refuses a file over 1 MB, saying so', () => {
    const padding = `${'x'.repeat(1000)}\n`.repeat(Math.ceil(MAX_PLAN_BYTES / 1000) + 1);
    const error = errorOf(small + padding);
    expect(error.line).toBe(1);
    expect(error.problem).toMatch(/at most 1 MB/);
  });

  it('counts bytes, not characters, against the 1 MB limit', () => {
    // "–" takes three bytes in UTF-8: 400,000 of them are 1.2 MB in 400,000 characters.
    expect(errorOf(small + '–'.repeat(400_000)).problem).toMatch(/1\.1 MB.*at most 1 MB/);
  });

  it('names the line where non-text content starts', () => {
    const error = errorOf(small.replace('Agreed by both', 'Agreed\u0000by both'));
    expect(error.line).toBe(5);
    expect(error.problem).toMatch(/does not contain plain text/);
  });

  it('asks for UTF-8 when a line has characters that could not be decoded', () => {
    // What a Windows-1252 en dash (byte 0x96) becomes when the file is read as UTF-8.
    const error = errorOf(small.replace('head teachers –', 'head teachers \ufffd'));
    expect(error.line).toBe(5);
    expect(error.problem).toMatch(/could not be read.*UTF-8/);
  });

  it('refuses a file of whitespace only, or only a byte order mark', () => {
    expect(errorOf('\ufeff').problem).toBe('The file is empty.');
    expect(errorOf(' \r\n\t\r\n').problem).toBe('The file is empty.');
  });

  it('refuses objectives that do not start at 1', () => {
    const error = errorOf(small.replace('1. Raise', '0. Raise'));
    expect(error.line).toBe(10);
    expect(error.problem).toMatch(/numbered from 1, but the first one is numbered 0/);
  });

  it('refuses a document with no table', () => {
    const error = errorOf(small.split('\n').slice(0, 13).join('\n'));
    expect(error.line).toBe(13);
    expect(error.problem).toMatch(/header row is missing/);
  });

  it('refuses text where the header row should be', () => {
    const error = errorOf(small.replace('3. Keep families informed about the partnership.\n', '3. Keep families informed about the partnership.\n\nSee the table below.\n'));
    expect(error.line).toBe(14);
    expect(error.problem).toMatch(/header row is missing.*"See the table below\."/);
  });

  it('refuses a header with too many columns', () => {
    const error = errorOf(small.replace('Impact to date (October 2019)', 'Impact to date (October 2019)\tNotes'));
    expect(error.line).toBe(14);
    expect(error.problem).toMatch(/has 6 cells separated by tabs, but every row needs 5/);
  });

  it('refuses a table with a header and no rows', () => {
    const lines = small.split('\n');
    const error = errorOf([...lines.slice(0, 14), ...lines.slice(18)].join('\n'));
    expect(error.line).toBe(14);
    expect(error.problem).toMatch(/no rows under it/);
  });

  it('refuses a line without tabs inside the table', () => {
    const error = errorOf(small.replace('<p>Families</p>', 'Families row lost its tabs\n<p>Families</p>'));
    expect(error.line).toBe(18);
    expect(error.problem).toMatch(/has 1 cell separated by tabs, but every row needs 5/);
  });

  it('refuses a signatory given on the wrong number of lines', () => {
    const error = errorOf(small.replace('Tom Ashworth\nHead Teacher\nHollins Green Infant School\n\nThis plan', 'Tom Ashworth\nHead Teacher\n\nThis plan'));
    expect(error.line).toBe(29);
    expect(error.problem).toMatch(/three lines: their name, their role.*2 lines instead/);
  });

  it('refuses names after the table with no sign-off statement', () => {
    const lines = small.split('\n');
    const error = errorOf([...lines.slice(0, 20), ...lines.slice(24)].join('\n'));
    expect(error.line).toBe(21);
    expect(error.problem).toMatch(/each sign-off should start with what was reviewed/);
  });

  it('refuses a missing year', () => {
    const error = errorOf(small.replace('2019\n', ''));
    expect(error.line).toBe(4);
    expect(error.problem).toMatch(/year of the plan.*"Agreed by both head teachers –"/);
  });
});

describe('tolerated variations', () => {
  it('reads a year on the title line', () => {
    const plan = parsePlanDocument(small.replace('Partnership Action Plan\n\n2019\n', 'Partnership Action Plan 2019-20\n'));
    expect(plan.title).toBe('Partnership Action Plan');
    expect(plan.yearLabel).toBe('2019-20');
    expect(plan.academicYear).toBe(2019);
  });

  it('reads a table without the closing dashes line', () => {
    const plan = parsePlanDocument(small.replace('---\t---\t---\t---\t---\n', ''));
    expect(plan.strands).toHaveLength(3);
    expect(plan.reviews).toHaveLength(2);
  });

  it('reads a plan with no sign-offs yet', () => {
    const plan = parsePlanDocument(small.split('\n').slice(0, 19).join('\n'));
    expect(plan.reviews).toEqual([]);
    expect(plan.schools).toEqual([]);
    expect(plan.strands[0].actions[2].schools).toEqual([]);
  });

  it('joins an objective that runs onto a second line', () => {
    const plan = parsePlanDocument(small.replace('2. Share the expertise', '2. Share the\nexpertise'));
    expect(plan.objectives[1].text).toBe('Share the expertise of our staff.');
  });

  it('ignores a trailing tab at the end of a row', () => {
    const lines = small.split('\n');
    lines[14] += '\t';
    expect(parsePlanDocument(lines.join('\n')).strands[0].impact).toHaveLength(2);
  });
});
