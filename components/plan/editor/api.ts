import { z, type ZodType } from 'zod';
import type {
  createActionInput,
  createImpactInput,
  createObjectiveInput,
  createStrandInput,
  updateActionInput,
  updateImpactInput,
  updateObjectiveInput,
  updatePlanInput,
  updateStrandInput,
} from '@/lib/validation/plan-content';

/** The API's one error body, `{ error: { code, message, details?, current? } }`, as the client reads it. */
export type ApiError = {
  code: string;
  message: string;
  /** Per-field messages of a 400 `validation_failed`, keyed by the field's path ("text", "due.date"). */
  fields: { [field: string]: string };
  /** With a 409 `conflict`: the entity as it now stands, to be parsed by whoever knows its shape. */
  current: unknown;
};

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.object({ fields: z.record(z.string(), z.string()).optional() }).loose().optional(),
    current: z.unknown().optional(),
  }),
});

const NETWORK_ERROR: ApiError = {
  code: 'network',
  message: 'Could not reach jointplan. Check your connection and try again; your text is still here.',
  fields: {},
  current: undefined,
};

/**
 * Sends one JSON request to the API (same-origin, session cookie) and reads the answer with
 * `schema`, so no payload is trusted by type assertion.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  schema: ZodType<T>,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }

  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }

  if (response.ok) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, status: response.status, data: parsed.data };
    return {
      ok: false,
      status: response.status,
      error: {
        code: 'bad_response',
        message: 'The change was sent, but the answer from the server could not be read. Reload the page to see where things stand.',
        fields: {},
        current: undefined,
      },
    };
  }

  const parsedError = errorBody.safeParse(json);
  if (parsedError.success) {
    const { code, message, details, current } = parsedError.data.error;
    return { ok: false, status: response.status, error: { code, message, fields: details?.fields ?? {}, current } };
  }
  return {
    ok: false,
    status: response.status,
    error: {
      code: response.status === 401 ? 'unauthenticated' : 'unknown',
      message:
        response.status === 401
          ? 'You have been signed out. Sign in again in another tab, then try again; your text is still here.'
          : `The server could not make this change (error ${response.status}). Please try again.`,
      fields: {},
      current: undefined,
    },
  };
}

/*
 * Success answers are read only as far as the editor uses them (the id, to move focus to a new
 * item): everything on screen comes back through router.refresh(), so a richer entity in the
 * answer never makes a successful write look failed.
 */
const entityRef = z.object({ id: z.string() }).loose();
const planAnswer = z.object({ plan: entityRef });
const objectiveAnswer = z.object({ objective: entityRef });
const strandAnswer = z.object({ strand: entityRef });
const actionAnswer = z.object({ action: entityRef });
const impactAnswer = z.object({ impact: entityRef });
/** A DELETE may answer with the removed entity or with nothing at all. */
const deleteAnswer = z.unknown();

export type EntityRef = z.infer<typeof entityRef>;

const enc = encodeURIComponent;

export type UpdatePlanBody = z.input<typeof updatePlanInput>;
export type CreateObjectiveBody = z.input<typeof createObjectiveInput>;
export type UpdateObjectiveBody = z.input<typeof updateObjectiveInput>;
export type CreateStrandBody = z.input<typeof createStrandInput>;
export type UpdateStrandBody = z.input<typeof updateStrandInput>;
export type CreateActionBody = z.input<typeof createActionInput>;
export type UpdateActionBody = z.input<typeof updateActionInput>;
export type CreateImpactBody = z.input<typeof createImpactInput>;
export type UpdateImpactBody = z.input<typeof updateImpactInput>;

/** PATCH /api/v1/plans/:id: title and academic year; `version` is the plan's `version` as last read. */
export const updatePlan = (planId: string, body: UpdatePlanBody) =>
  apiRequest('PATCH', `/api/v1/plans/${enc(planId)}`, body, planAnswer);

/** POST /api/v1/plans/:id/archive. */
export const archivePlan = (planId: string, version: number) =>
  apiRequest('POST', `/api/v1/plans/${enc(planId)}/archive`, { version }, planAnswer);

/** POST /api/v1/plans/:id/objectives. */
export const createObjective = (planId: string, body: CreateObjectiveBody) =>
  apiRequest('POST', `/api/v1/plans/${enc(planId)}/objectives`, body, objectiveAnswer);

/** PATCH /api/v1/objectives/:id: a new `number` moves it and renumbers the others. */
export const updateObjective = (objectiveId: string, body: UpdateObjectiveBody) =>
  apiRequest('PATCH', `/api/v1/objectives/${enc(objectiveId)}`, body, objectiveAnswer);

/** DELETE /api/v1/objectives/:id: refused (409) while a strand links to it. */
export const deleteObjective = (objectiveId: string, version: number) =>
  apiRequest('DELETE', `/api/v1/objectives/${enc(objectiveId)}?version=${version}`, undefined, deleteAnswer);

/** POST /api/v1/plans/:id/strands. */
export const createStrand = (planId: string, body: CreateStrandBody) =>
  apiRequest('POST', `/api/v1/plans/${enc(planId)}/strands`, body, strandAnswer);

/** PATCH /api/v1/strands/:id: `position` reorders, `objectiveIds` is the full set of links. */
export const updateStrand = (strandId: string, body: UpdateStrandBody) =>
  apiRequest('PATCH', `/api/v1/strands/${enc(strandId)}`, body, strandAnswer);

/** DELETE /api/v1/strands/:id. */
export const deleteStrand = (strandId: string, version: number) =>
  apiRequest('DELETE', `/api/v1/strands/${enc(strandId)}?version=${version}`, undefined, deleteAnswer);

/** POST /api/v1/strands/:id/actions. */
export const createAction = (strandId: string, body: CreateActionBody) =>
  apiRequest('POST', `/api/v1/strands/${enc(strandId)}/actions`, body, actionAnswer);

/** PATCH /api/v1/actions/:id: amber or red RAG needs a `ragReason`. */
export const updateAction = (actionId: string, body: UpdateActionBody) =>
  apiRequest('PATCH', `/api/v1/actions/${enc(actionId)}`, body, actionAnswer);

/** DELETE /api/v1/actions/:id. */
export const deleteAction = (actionId: string, version: number) =>
  apiRequest('DELETE', `/api/v1/actions/${enc(actionId)}?version=${version}`, undefined, deleteAnswer);

/** POST /api/v1/strands/:id/impact. */
export const createImpact = (strandId: string, body: CreateImpactBody) =>
  apiRequest('POST', `/api/v1/strands/${enc(strandId)}/impact`, body, impactAnswer);

/** PATCH /api/v1/impact/:id: an edit, or `{ withdrawn: true }` to mark the entry withdrawn. */
export const updateImpact = (entryId: string, body: UpdateImpactBody) =>
  apiRequest('PATCH', `/api/v1/impact/${enc(entryId)}`, body, impactAnswer);
