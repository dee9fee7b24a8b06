import type { ZodType } from 'zod';
import { AppError, fieldErrors } from './errors';

/** The one error body of the API: `{ error: { code, message, details? } }`. */
export function errorResponse(error: AppError): Response {
  return Response.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
        ...(error.current !== undefined ? { current: error.current } : {}),
      },
    },
    { status: error.httpStatus },
  );
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request another site's page sent with our session cookie: the browser
 * says where it came from in Sec-Fetch-Site and Origin. Tools that send neither are not browsers.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('forbidden', 'Requests from other sites are not accepted.');
  }
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') {
    // server.ts strips X-Forwarded-Host unless TRUST_PROXY is set, so it is the proxy's word here.
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw new AppError('forbidden', 'Requests from other sites are not accepted.');
  } else if (origin === 'null') {
    throw new AppError('forbidden', 'Requests from other sites are not accepted.');
  }
}

/** Wraps a route handler: refuses cross-site writes; AppErrors become their status and body, anything else a logged 500. */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      assertSameOrigin(request);
      return await handler(request, context);
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      console.error('[api]', error);
      return errorResponse(new AppError('internal', 'Something went wrong on our side. Please try again.'));
    }
  };
}

/** Reads a text body, refusing one over `limit` bytes with 413 without reading it all. */
export async function readTextBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = () => new AppError('payload_too_large', `The request body is over the limit of ${Math.round(limit / 1024)} KB.`);
  if (declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text;
}

/**
 * Reads a JSON body for a command to validate: 415 unless it is sent as JSON, 413 over the limit,
 * 400 when it does not parse.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  const text = await readTextBody(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/** The optional `?version=N` of a DELETE: the version the removal was based on. */
export function versionParam(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get('version');
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw fieldErrors({ version: 'Send the version you last saw, as a whole number.' });
  return Number(raw);
}

/** Reads and validates a JSON body: 413 over the limit, 400 for invalid JSON or fields, naming each field. */
export async function readJson<T>(request: Request, schema: ZodType<T>, limit: number): Promise<T> {
  const text = await readTextBody(request, limit);
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
  return parseInput(schema, value);
}

/** Validates input with a zod schema, turning its issues into one 400 naming each field. */
export function parseInput<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: { [field: string]: string } = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
    const message = issue.code === 'unrecognized_keys' ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.` : issue.message;
    fields[path] ??= message;
  }
  throw fieldErrors(fields);
}
