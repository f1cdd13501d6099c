/**
 * The one error type services throw on purpose. The error middleware turns it into
 * `{ "error": { "code", "message", "details"? } }` with `status`. Anything else becomes a 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(code, message, 400, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') => new AppError(code, message, 401);
export const forbidden = (message = 'Not allowed', code = 'forbidden') => new AppError(code, message, 403);
export const notFound = (message: string, code = 'not_found', details?: unknown) => new AppError(code, message, 404, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(code, message, 409, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
