import type { Executor } from '@/db/client';
import type { AuditValue } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http';
import {
  type HistoryEventView,
  type HistoryFilters,
  type HistoryFiltersInput,
  type HistoryPlan,
  HISTORY_LIMITS,
  historyFiltersInput,
  historyPage,
  loadPlanForHistory,
} from '@/lib/queries/history';

export type HistoryExportFormat = 'csv' | 'json';

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) is
 * prefixed with an apostrophe, so exported history can never execute in the reader's spreadsheet.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV lines (CRLF-terminated, RFC 4180) for rows of cells. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

export const HISTORY_CSV_HEADER = [
  'Event id',
  'Sequence',
  'When (UTC)',
  'When (UK time)',
  'Who',
  'Email',
  'Role',
  'School',
  'What',
  'Entity type',
  'Entity id',
  'Field',
  'Before',
  'After',
  'Restored from (event id)',
] as const;

const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A recorded value as one cell: text as written, anything else as JSON, nothing as an empty cell. */
function cellValue(value: AuditValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The CSV rows of one event: one per changed field, or a single row when it records no field change. */
export function historyCsvRows(event: HistoryEventView): string[][] {
  const common = [
    event.id,
    String(event.seq),
    event.at,
    ukDateTime.format(new Date(event.at)),
    event.actor.name,
    event.actor.email ?? '',
    event.actor.role ?? '',
    event.actor.school ?? '',
    event.verb,
    event.entityType,
    event.entityId,
  ];
  const restoredFrom = event.restoredFrom?.eventId ?? '';
  if (!event.changes.length) return [[...common, '', '', '', restoredFrom]];
  return event.changes.map((c) => [...common, c.field, cellValue(c.before), cellValue(c.after), restoredFrom]);
}

/**
 * `Content-Disposition` for a download named after the plan: an ASCII `filename` every browser
 * reads, and the exact title as UTF-8 in `filename*` (RFC 6266).
 */
export function attachmentDisposition(planTitle: string, format: HistoryExportFormat): string {
  const base = `${planTitle.trim() || 'plan'}-history.${format}`;
  const ascii = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\/:*?<>|;%]/g, '_');
  const utf8 = encodeURIComponent(base.replace(/[\\/:*?"<>|]/g, '_')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

export type HistoryExport = { filename: string; contentType: string; contentDisposition: string; body: ReadableStream<Uint8Array> };

/**
 * A plan's whole history (with the same filters as the history list, but every page) as a CSV
 * or JSON download. Access is checked before anything is streamed; events are read a page at a
 * time, so a long history is never held in memory at once.
 */
export async function exportPlanHistory(
  db: Executor,
  actor: Actor,
  planId: string,
  filters: HistoryFiltersInput,
  format: HistoryExportFormat,
): Promise<HistoryExport> {
  const parsed = parseInput(historyFiltersInput, filters);
  const plan = await loadPlanForHistory(db, actor, planId);
  const chunks = format === 'csv' ? csvChunks(db, plan, parsed) : jsonChunks(db, plan, parsed);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return {
    filename: `${plan.title}-history.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    contentDisposition: attachmentDisposition(plan.title, format),
    body,
  };
}

/** Every page of the history, newest first; the export ignores `limit` and starts at `before` if given. */
async function* pages(db: Executor, plan: HistoryPlan, filters: HistoryFilters): AsyncGenerator<HistoryEventView[]> {
  let before = filters.before;
  for (;;) {
    const page = await historyPage(db, plan, { ...filters, before, limit: HISTORY_LIMITS.maxLimit });
    if (page.events.length) yield page.events;
    if (page.nextCursor === null) return;
    before = page.nextCursor;
  }
}

async function* csvChunks(db: Executor, plan: HistoryPlan, filters: HistoryFilters): AsyncGenerator<string> {
  yield CSV_BOM + toCsv([HISTORY_CSV_HEADER]);
  for await (const events of pages(db, plan, filters)) yield toCsv(events.flatMap(historyCsvRows));
}

async function* jsonChunks(db: Executor, plan: HistoryPlan, filters: HistoryFilters): AsyncGenerator<string> {
  const head = {
    plan: { id: plan.id, title: plan.title },
    exportedAt: new Date().toISOString(),
    filters: describeFilters(filters),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"events":[`;
  let first = true;
  for await (const events of pages(db, plan, filters)) {
    // The export omits `restorable`: it describes what happened, not what the reader may do.
    const out = events.map((e) => JSON.stringify({ ...e, changes: e.changes.map(({ field, before, after }) => ({ field, before, after })) }));
    yield (first ? '' : ',') + out.join(',');
    first = false;
  }
  yield ']}\n';
}

/** The filters as the query string gave them, for the export's own record. */
function describeFilters(f: HistoryFilters): { [key: string]: string | number | null } {
  const entity = f.entity ? (f.entity.type === 'plan' ? 'plan' : `${f.entity.type}:${f.entity.id}`) : null;
  const actor = f.actor ? ('userId' in f.actor ? f.actor.userId : f.actor.email) : null;
  return { entity, actor, school: f.school ?? null, from: f.from ?? null, to: f.to ?? null, before: f.before ?? null };
}
