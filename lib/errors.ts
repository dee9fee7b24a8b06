/**
 * The one error type of the application. Each code maps to one HTTP status (`httpStatus`);
 * handlers present it as `{ error: { code, message, details? } }`.
 */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  invalid_import: 400,
  unauthenticated: 401,
  /** Signing needs the person to prove who they are again (SSO accounts: sign in again). */
  reauthentication_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Any JSON value: what error details and a conflict's current entity may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ErrorDetails = { [key: string]: JsonValue };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** With `conflict`: the entity as it now stands, so the client can show what changed. */
    readonly current?: JsonValue,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return errorStatus[this.code];
  }
}

/** The same answer for a missing id and for another partnership's: existence is not leaked. */
export function notFound(what = 'That'): AppError {
  return new AppError('not_found', `${what} was not found.`);
}

/** A write based on an old version: 409 with the entity as it now stands. */
export function staleVersion(current: JsonValue, what = 'This'): AppError {
  return new AppError(
    'conflict',
    `${what} was changed by someone else since you opened it. Their change is shown; apply yours again if it is still needed.`,
    undefined,
    current,
  );
}

/** 400 with a message for each field that is not acceptable. */
export function fieldErrors(fields: { [field: string]: string }, message = 'Some of what you sent is not acceptable.'): AppError {
  return new AppError('validation_failed', message, { fields });
}
