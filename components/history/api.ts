import { z } from 'zod';
import type { AuditValue } from '@/db/schema';
import type { HistoryPage, HistoryPeopleView } from '@/lib/queries/history';

// Responses are checked against these before the panel uses them: nothing from the network is
// trusted by assertion. Typed against the server's own view types so the two cannot drift apart.
const auditValue: z.ZodType<AuditValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(auditValue), z.record(z.string(), auditValue)]),
);

const historyPage: z.ZodType<HistoryPage> = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      at: z.string(),
      actor: z.object({ name: z.string(), email: z.string().nullable(), school: z.string().nullable(), role: z.string().nullable() }),
      verb: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      changes: z.array(z.object({ field: z.string(), before: auditValue, after: auditValue, restorable: z.boolean() })),
      restoredFrom: z.object({ eventId: z.string(), seq: z.number(), actorName: z.string(), at: z.string() }).nullable(),
    }),
  ),
  nextCursor: z.number().nullable(),
  headSeq: z.number().optional(),
});

const historyPeople: z.ZodType<HistoryPeopleView> = z.object({
  people: z.array(z.object({ value: z.string(), name: z.string(), email: z.string().nullable() })),
  schools: z.array(z.object({ id: z.string(), name: z.string(), shortCode: z.string() })),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  objectives: z.array(z.object({ id: z.string(), number: z.number() })),
});

const errorBody = z.object({
  error: z.object({ message: z.string(), details: z.object({ fields: z.record(z.string(), z.string()).optional() }).optional() }),
});

/** A refusal or failure, with the server's own words when it sent some. */
export class HistoryRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function readJsonResponse<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBody.safeParse(body);
    const fields = parsed.success ? Object.values(parsed.data.error.details?.fields ?? {}) : [];
    const message = parsed.success ? [parsed.data.error.message, ...fields].join(' ') : 'Something went wrong. Please try again.';
    throw new HistoryRequestError(message, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HistoryRequestError('The answer from the server was not understood. Please try again.', response.status);
  return parsed.data;
}

/** The filters the panel sends, as query-string values ('' = not set). */
export type PanelFilters = { entity: string; actor: string; school: string; from: string; to: string };

export function filtersQuery(filters: PanelFilters, extra: { [key: string]: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

export async function fetchHistoryPage(planId: string, filters: PanelFilters, before: number | null, signal?: AbortSignal): Promise<HistoryPage> {
  const query = filtersQuery(filters, { limit: '50', ...(before ? { before: String(before) } : {}) });
  const response = await fetch(`/api/v1/plans/${encodeURIComponent(planId)}/history?${query}`, { signal, headers: { accept: 'application/json' } });
  return readJsonResponse(response, historyPage);
}

export async function fetchHistoryPeople(planId: string, signal?: AbortSignal): Promise<HistoryPeopleView> {
  const response = await fetch(`/api/v1/plans/${encodeURIComponent(planId)}/history/people`, { signal, headers: { accept: 'application/json' } });
  return readJsonResponse(response, historyPeople);
}

/** Restores a recorded value; `seenSeq` (the history's `headSeq` when loaded) makes a later change a 409. */
export async function restoreRecordedValue(eventId: string, field: string, seenSeq?: number): Promise<void> {
  const response = await fetch(`/api/v1/audit-events/${encodeURIComponent(eventId)}/restore`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ field, seenSeq }),
  });
  await readJsonResponse(response, z.object({ entityType: z.string() }));
}

export function exportHref(planId: string, filters: PanelFilters, format: 'csv' | 'json'): string {
  return `/api/v1/plans/${encodeURIComponent(planId)}/history/export?${filtersQuery(filters, { format })}`;
}
