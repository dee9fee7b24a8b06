/**
 * The one error type of the application. Each code maps to one HTTP status (`httpStatus`);
 * handlers present it as `{ error: { code, message, details? } }`.
 */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  invalid_import: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = { [key: string]: string | number | boolean | null | string[] | ErrorDetails };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
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
