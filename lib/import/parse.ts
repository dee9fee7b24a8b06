import { richTextToPlainText, sanitizeRichText } from '@/lib/richtext/sanitize';
import { type CellBlock, cellToHtml, readCell } from './cells';
import { dueHeading, findDuePhrases, recogniseDue } from './due';
import { BULLET_CHARS, type ItemRules } from './items';
import { assignSchoolCodes, schoolCodesIn } from './schools';
import {
  type Due,
  ImportFormatError,
  type ParsedAction,
  type ParsedImpact,
  type ParsedPlan,
  type ParsedReview,
  type ParsedSchool,
  type ParsedSignatory,
  type ParsedStrand,
} from './types';

/** The largest plan document read, in bytes (UTF-8): the 2017 plan is about 13 KB. */
export const MAX_PLAN_BYTES = 1024 * 1024;

/** Number of tab-separated cells in every row of the plan's table. */
export const TABLE_COLUMNS = 5;

const COLUMN_NAMES =
  'objective reference, key objective/action, specific actions, intended outcome/impact, impact to date';

type Line = { text: string; line: number };

const NUMBERED = /^\s*(\d{1,3})\s*[.)]\s+(\S.*)$/;
const SEPARATOR = /^\s*-{2,}(?:\s*\t\s*-{2,})*\s*$/;
const STATEMENT = /\b(?:review|reviewed|monitored|ratified|approved|agreed)\b/i;
const SIGNED = /^\s*signed\b\s*:?\s*(.*)$/i;
const MONTH_YEAR =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/i;
const BULLETS = new RegExp(`[${BULLET_CHARS}]`, 'g');
const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Rejects what cannot be a plan document before reading it: too large, not text, empty. */
function checkIsText(text: string): void {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PLAN_BYTES) {
    const mb = (bytes / (1024 * 1024)).toFixed(1);
    throw new ImportFormatError(
      1,
      `The file is ${mb} MB, but a plan document can be at most 1 MB (the plans this reads are a few pages of text). Check that this is the plan saved as plain text.`,
    );
  }
  const lineAt = (index: number) => text.slice(0, index).split(/\r\n|\r|\n/).length;
  // NUL and other control characters (tab, line ends, form feed and Word's vertical tab apart)
  // mean bytes that were never text.
  const binary = /[\u0000-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (binary) {
    throw new ImportFormatError(
      lineAt(binary.index),
      'This file does not contain plain text (it looks like a Word, PDF or other document file). Save the plan as plain text (.txt) and import that file.',
    );
  }
  // The replacement character is what is left of text saved in another encoding than UTF-8.
  const unreadable = text.indexOf('\ufffd');
  if (unreadable !== -1) {
    throw new ImportFormatError(
      lineAt(unreadable),
      'This line has characters that could not be read: save the plan as plain text with the "UTF-8" encoding and import it again.',
    );
  }
  if (text.replace(/^\ufeff/, '').trim() === '') {
    throw new ImportFormatError(1, 'The file is empty.');
  }
}

function toLines(text: string): Line[] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ text: raw.replace(/[\u000b\u000c]/g, ' '), line: i + 1 }));
}

const isBlank = (l: Line) => l.text.trim() === '';
const hasTab = (l: Line) => l.text.includes('\t');

/** Splits a table row into its cells, ignoring empty cells a trailing tab leaves beyond the fifth. */
function cellsOf(l: Line): string[] {
  const cells = l.text.split('\t');
  while (cells.length > TABLE_COLUMNS && cells[cells.length - 1].trim() === '') cells.pop();
  return cells;
}

function wrongCells(l: Line, found: number): ImportFormatError {
  return new ImportFormatError(
    l.line,
    `This row of the table has ${plural(found, 'cell')} separated by tabs, but every row needs ${TABLE_COLUMNS} (${COLUMN_NAMES}).`,
  );
}

/** Whether a tab-separated line reads as the table's header rather than a strand row. */
function looksLikeHeader(cells: string[]): boolean {
  const joined = cells.join(' ');
  if (/<[a-z]/i.test(joined) || /\blinks\s*:/i.test(joined)) return false;
  const hints = [/objective|reference/i, /action/i, /specific|action/i, /outcome|intended/i, /impact/i];
  return hints.filter((hint, i) => hint.test(cells[i] ?? '')).length >= 3;
}

type Heading = { title: string; yearLabel: string; nextIndex: number };

function readHeading(lines: Line[]): Heading {
  let i = lines.findIndex((l) => !isBlank(l));
  const first = lines[i];
  const titleText = oneLine(first.text);
  const titleProblem = `The document should begin with the plan's title, such as "Collaboration Action Plan", but its first line reads ${quote(titleText)}.`;
  if (hasTab(first) || NUMBERED.test(first.text) || !/\bplan\b/i.test(titleText)) {
    throw new ImportFormatError(first.line, titleProblem);
  }
  // A title may carry the year itself ("Partnership Action Plan 2018-19").
  const inline = /^(.*\S)\s+(\d{4}(?:\s*[-–/]\s*\d{2,4})?)$/.exec(titleText);
  if (inline) return { title: inline[1], yearLabel: inline[2], nextIndex: i + 1 };
  i += 1;
  while (i < lines.length && isBlank(lines[i])) i += 1;
  const yearLine = lines[i];
  if (!yearLine || !/^\d{4}(?:\s*[-–/]\s*\d{2,4})?$/.test(yearLine.text.trim())) {
    throw new ImportFormatError(
      yearLine?.line ?? first.line,
      `The year of the plan (for example "2017") should be on its own line after the title${yearLine ? `, but this line reads ${quote(yearLine.text)}` : ''}.`,
    );
  }
  return { title: titleText, yearLabel: yearLine.text.trim(), nextIndex: i + 1 };
}

type Preamble = {
  note: string | null;
  objectivesIntro: string | null;
  objectives: { number: number; text: string }[];
  nextIndex: number;
};

function readPreamble(lines: Line[], start: number): Preamble {
  const blocks: Line[][] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (NUMBERED.test(l.text)) break;
    if (hasTab(l)) {
      throw new ImportFormatError(
        l.line,
        'The table starts here, but there are no numbered objectives before it: list the overriding objectives first, one per line, numbered "1.", "2.", "3." and so on.',
      );
    }
    const previous = lines[i - 1];
    if (blocks.length === 0 || isBlank(previous)) blocks.push([l]);
    else blocks[blocks.length - 1].push(l);
  }
  if (i >= lines.length) {
    throw new ImportFormatError(
      lines[lines.length - 1].line,
      'The document has no numbered objectives: after the title, list the overriding objectives one per line, numbered "1.", "2.", "3." and so on, then the table.',
    );
  }
  const joinBlock = (block: Line[]) => oneLine(block.map((l) => l.text).join(' '));
  const last = blocks[blocks.length - 1];
  const intro = last && /:\s*$/.test(joinBlock(last)) ? joinBlock(last) : null;
  const noteBlocks = intro ? blocks.slice(0, -1) : blocks;
  const note = noteBlocks.length ? noteBlocks.map(joinBlock).join(' ') : null;

  const objectives: { number: number; text: string }[] = [];
  let lastWasObjective = false;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) {
      lastWasObjective = false;
      continue;
    }
    if (hasTab(l)) break;
    const numbered = NUMBERED.exec(l.text);
    if (numbered) {
      const number = Number(numbered[1]);
      const expected = objectives.length + 1;
      if (number !== expected) {
        throw new ImportFormatError(
          l.line,
          expected === 1
            ? `The objectives should be numbered from 1, but the first one is numbered ${number}.`
            : `The objectives should be numbered 1, 2, 3… in order: objective ${expected} was expected here, but this line is numbered ${number}.`,
        );
      }
      objectives.push({ number, text: oneLine(numbered[2]) });
      lastWasObjective = true;
      continue;
    }
    if (lastWasObjective) {
      // An objective too long for one line continues on the next.
      const current = objectives[objectives.length - 1];
      current.text = oneLine(`${current.text} ${l.text}`);
      continue;
    }
    break;
  }
  return { note, objectivesIntro: intro, objectives, nextIndex: i };
}

type RawRow = { cells: string[]; line: number };
type Table = { impactAsOf: string | null; rows: RawRow[]; nextIndex: number };

function readTable(lines: Line[], start: number): Table {
  let i = start;
  while (i < lines.length && isBlank(lines[i])) i += 1;
  const headerProblem = `The table's header row is missing: after the objectives there should be a row naming the ${TABLE_COLUMNS} columns, separated by tabs (${COLUMN_NAMES}).`;
  const header = lines[i];
  if (!header) throw new ImportFormatError(lines[lines.length - 1].line, headerProblem);
  if (!hasTab(header)) {
    throw new ImportFormatError(header.line, `${headerProblem} This line reads ${quote(header.text)}.`);
  }
  const headerCells = cellsOf(header);
  if (!looksLikeHeader(headerCells)) {
    throw new ImportFormatError(header.line, `${headerProblem} This line is a strand row, not the header.`);
  }
  if (headerCells.length !== TABLE_COLUMNS) throw wrongCells(header, headerCells.length);
  const asOf = /\(([^)]*)\)/.exec(headerCells[TABLE_COLUMNS - 1]);
  const impactAsOf = asOf ? oneLine(asOf[1]) || null : null;

  const rows: RawRow[] = [];
  for (i += 1; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (SEPARATOR.test(l.text)) {
      i += 1;
      break;
    }
    if (!hasTab(l)) {
      // Without the "---" line, the sign-offs begin with their statement.
      if (rows.length > 0 && STATEMENT.test(l.text)) break;
      throw wrongCells(l, 1);
    }
    const cells = cellsOf(l);
    if (cells.length !== TABLE_COLUMNS) throw wrongCells(l, cells.length);
    rows.push({ cells, line: l.line });
  }
  if (rows.length === 0) {
    throw new ImportFormatError(
      header.line,
      'The table has a header row but no rows under it: each strand of the plan should be one row.',
    );
  }
  return { impactAsOf, rows, nextIndex: i };
}

const ROLE_HEAD = /\bhead\s*teacher\b|\bheadteacher\b|^head$|\bexecutive head\b|\bhead of school\b|\bprincipal\b/i;
const ROLE_CHAIR = /^chair\b|\bchair of (?:the )?(?:governing|governors|gb|board)/i;

function roleOf(label: string): ParsedSignatory['role'] {
  if (/\b(?:deputy|assistant|vice)\b/i.test(label)) return null;
  if (ROLE_CHAIR.test(label)) return 'chair_of_governors';
  if (ROLE_HEAD.test(label)) return 'head_teacher';
  return null;
}

function reviewKindOf(statement: string, signatories: ParsedSignatory[]): ParsedReview['kind'] {
  if (/\bJCC\b|joint collaboration committee|\bgovernors\b|\bgoverning\b/i.test(statement)) return 'jcc';
  if (/\bHTs?\b|\bhead\s*teachers?\b|\bheadteachers?\b|\bheads\b/i.test(statement)) return 'head_teachers';
  return signatories.some((s) => s.role === 'chair_of_governors') ? 'jcc' : 'head_teachers';
}

function heldOnOf(statements: string[]): { heldOn: string | null; heldOnLabel: string } {
  for (const statement of statements) {
    // Only a date printed with its year is trusted: a review can fall outside the plan's academic year.
    const dated = findDuePhrases(statement, 2000).find(
      (m) => m.due.kind === 'date' && /\d{4}|\//.test(m.due.label),
    );
    if (dated && dated.due.kind === 'date') {
      const [y, m, d] = dated.due.date.split('-').map(Number);
      return { heldOn: dated.due.date, heldOnLabel: `${d} ${MONTH_NAMES[m - 1]} ${y}` };
    }
  }
  for (const statement of statements) {
    const monthYear = MONTH_YEAR.exec(statement);
    if (monthYear) {
      const month = monthYear[1][0].toUpperCase() + monthYear[1].slice(1).toLowerCase();
      return { heldOn: null, heldOnLabel: `${month} ${monthYear[2]}` };
    }
  }
  return { heldOn: null, heldOnLabel: '' };
}

type RawSignatory = { name: string; roleLabel: string; schoolName: string };
type RawReview = { statements: Line[]; signed: boolean; signatories: RawSignatory[] };

/**
 * Reads the sign-offs after the table: each is one or more statements ("This action plan was
 * reviewed by…"), "Signed:", then each signatory on three lines (name, role, school). Blank lines
 * between signatories are usual but not needed; a group cut short by a blank line is an error.
 */
function readSignOffs(lines: Line[], start: number): RawReview[] {
  const reviews: RawReview[] = [];
  let current: RawReview | null = null;
  let pending: Line[] = [];

  const settlePending = () => {
    if (pending.length % 3 !== 0) {
      throw new ImportFormatError(
        pending[pending.length - (pending.length % 3)].line,
        `Each person who signed should take three lines: their name, their role (such as Head Teacher) and their school. The lines from here give ${plural(pending.length % 3, 'line')} instead.`,
      );
    }
    pending = [];
  };
  const addSignatoryLine = (l: Line) => {
    if (!current) {
      throw new ImportFormatError(
        l.line,
        'After the table, each sign-off should start with what was reviewed, by whom and when (for example "This plan was reviewed by the head teachers on 4 March 2019"), then "Signed:" and the people who signed.',
      );
    }
    pending.push(l);
    if (pending.length % 3 === 0) {
      const [name, role, school] = pending.slice(-3);
      current.signatories.push({ name: name.text, roleLabel: role.text, schoolName: school.text });
    }
  };

  for (let i = start; i < lines.length; i++) {
    const raw = lines[i];
    if (isBlank(raw)) {
      settlePending();
      continue;
    }
    const l = { text: oneLine(raw.text), line: raw.line };
    const signed = SIGNED.exec(l.text);
    if (signed && current) {
      settlePending();
      current.signed = true;
      if (signed[1]) addSignatoryLine({ text: signed[1], line: l.line });
      continue;
    }
    if (STATEMENT.test(l.text) && pending.length % 3 === 0) {
      settlePending();
      if (current && !current.signed && current.signatories.length === 0) {
        current.statements.push(l);
      } else {
        current = { statements: [l], signed: false, signatories: [] };
        reviews.push(current);
      }
      continue;
    }
    addSignatoryLine(l);
  }
  settlePending();
  for (const review of reviews) {
    if (review.signatories.length === 0) {
      const first = review.statements[0];
      throw new ImportFormatError(
        first.line,
        `The sign-off ${quote(first.text)} has no signatories: under "Signed:" give each person's name, role and school, one per line.`,
      );
    }
  }
  return reviews;
}

function titleCell(
  cell: string,
  row: RawRow,
  objectiveCount: number,
): { title: string; subtitle: string | null; objectiveNumbers: number[] } {
  const text = richTextToPlainText(cell);
  const links = /\blinks\s*:/i.exec(text);
  const before = links ? text.slice(0, links.index) : text;
  const [titleLine = '', ...rest] = before.split('\n').map(oneLine).filter((s) => s !== '');
  const title = links ? oneLine(before) : titleLine;
  const subtitle = links ? null : rest.length ? rest.join(' ') : null;
  if (title === '') {
    throw new ImportFormatError(row.line, "This row has no strand name in its first cell (for example \"Safeguarding\").");
  }
  const objectiveNumbers: number[] = [];
  if (links) {
    const after = text.slice(links.index + links[0].length);
    for (const group of after.matchAll(/\bobjectives?\s+(\d+(?:\s*(?:,|&|and)\s*\d+)*)/gi)) {
      for (const n of group[1].match(/\d+/g) ?? []) {
        const number = Number(n);
        if (number < 1 || number > objectiveCount) {
          throw new ImportFormatError(
            row.line,
            `The "${title}" row links to Objective ${number}, but the plan lists only objectives 1 to ${objectiveCount}.`,
          );
        }
        if (!objectiveNumbers.includes(number)) objectiveNumbers.push(number);
      }
    }
  }
  return { title, subtitle, objectiveNumbers };
}

function plainOf(html: string): string {
  return oneLine(richTextToPlainText(html));
}

function actionsOf(blocks: CellBlock[], academicYear: number, schoolCodes: string[]): ParsedAction[] {
  const actions: ParsedAction[] = [];
  let heading: Due | undefined;
  const add = (html: string, context: Due | undefined): Due | null => {
    const text = oneLine(plainOf(html).replace(BULLETS, ' ').replace(/^[-–—]\s+/, ''));
    if (text === '') return null;
    const due = recogniseDue(text, { academicYear, currentHeading: context });
    // Imported actions carry no progress: the document does not say which were done.
    actions.push({ text, due, schools: schoolCodesIn(text, schoolCodes), status: 'not_started' });
    return due;
  };
  // A paragraph or item that is nothing but a term or date ("Autumn 2017") heads what follows it.
  const asHeading = (html: string): boolean => {
    const found = dueHeading(plainOf(html), academicYear);
    if (found) heading = found;
    return Boolean(found);
  };
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      if (!asHeading(block.html)) add(block.html, heading);
      continue;
    }
    for (const item of block.items) {
      if (item.subItems.length === 0 && asHeading(item.html)) continue;
      const due = add(item.html, heading) ?? heading;
      for (const sub of item.subItems) add(sub, due);
    }
  }
  return actions;
}

function impactOf(blocks: CellBlock[], impactAsOf: string | null, academicYear: number): ParsedImpact[] {
  const entries: string[] = blocks.flatMap((block) =>
    block.kind === 'paragraph' ? [block.html] : block.items.flatMap((item) => [item.html, ...item.subItems]),
  );
  const impact: ParsedImpact[] = [];
  for (const entry of entries) {
    const html = sanitizeRichText(`<p>${entry}</p>`);
    if (html === '') continue;
    const text = plainOf(html);
    // Only a date with its year is precise; "on 3rd May" leaves the column header's date.
    const dated = findDuePhrases(text, academicYear).find((m) => m.due.kind === 'date' && /\d{4}|\//.test(m.due.label));
    if (dated && dated.due.kind === 'date') {
      impact.push({ html, date: dated.due.date, dateLabel: dated.due.label });
    } else {
      impact.push({ html, date: null, dateLabel: impactAsOf });
    }
  }
  return impact;
}

/** Reads a Collaboration Action Plan exported as text; throws ImportFormatError (line, problem) if it is not one. */
export function parsePlanDocument(text: string): ParsedPlan {
  // The shape: title, year, note, numbered objectives, a table of strands (tab-separated cells
  // holding HTML), then the review sign-offs. Sign-offs are read first: they name the schools whose
  // codes the actions mention.
  checkIsText(text);
  const lines = toLines(text);
  const { title, yearLabel, nextIndex: afterHeading } = readHeading(lines);
  const academicYear = Number(yearLabel.slice(0, 4));
  const { note, objectivesIntro, objectives, nextIndex: afterObjectives } = readPreamble(lines, afterHeading);
  const table = readTable(lines, afterObjectives);
  const rawReviews = readSignOffs(lines, table.nextIndex);

  const tableText = table.rows.map((r) => r.cells.join('\t')).join('\n');
  const schoolNames = rawReviews.flatMap((r) => r.signatories.map((s) => s.schoolName));
  const codes = assignSchoolCodes(schoolNames, tableText);
  const schools: ParsedSchool[] = [];
  for (const [name, code] of codes) if (code) schools.push({ shortCode: code, name });
  const schoolCodes = schools.map((s) => s.shortCode);
  const rules: ItemRules = { schoolCodes };

  const reviews: ParsedReview[] = rawReviews.map((raw) => {
    const signatories: ParsedSignatory[] = raw.signatories.map((s) => ({
      name: s.name,
      roleLabel: s.roleLabel,
      role: roleOf(s.roleLabel),
      schoolName: s.schoolName,
      schoolCode: codes.get(s.schoolName) ?? null,
    }));
    const statements = raw.statements.map((l) => l.text);
    const statement = statements.join('\n');
    return { kind: reviewKindOf(statement, signatories), statement, ...heldOnOf(statements), signatories };
  });

  const strands: ParsedStrand[] = table.rows.map((row) => {
    const [reference, keyObjective, specificActions, intendedImpact, impactToDate] = row.cells;
    const heading = titleCell(reference, row, objectives.length);
    return {
      ...heading,
      keyObjective: sanitizeRichText(cellToHtml(readCell(keyObjective, rules))),
      actions: actionsOf(readCell(specificActions, rules), academicYear, schoolCodes),
      intendedImpact: sanitizeRichText(cellToHtml(readCell(intendedImpact, rules))),
      impact: impactOf(readCell(impactToDate, rules), table.impactAsOf, academicYear),
      line: row.line,
    };
  });

  return {
    title,
    yearLabel,
    academicYear,
    note,
    objectivesIntro,
    objectives,
    impactAsOf: table.impactAsOf,
    strands,
    reviews,
    schools,
  };
}
