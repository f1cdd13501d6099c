import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { tracer } from '@shopfast/tracing';
import { AppError, errorBody } from '../errors';

/** body-parser attaches `type` and `status` to the errors it throws; zlib errors carry a `code`. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  code?: string;
}

/** zlib's errors for a request body that claims gzip/deflate but is not (body-parser passes them on as they are). */
const CORRUPT_COMPRESSION = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT', 'ERR_PADDING_1', 'ERR_PADDING_2']);

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody('route_not_found', `No route for ${req.method} ${req.path}`));
  };
}

/**
 * The single place where errors become HTTP responses. Known errors keep their status and code;
 * anything unexpected becomes a generic 500 whose details stay in the log and on the active span,
 * never in the response (no stack traces to clients).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      if (error.status >= 500) tagActiveSpan(error);
      res.status(error.status).json(errorBody(error.code, error.message, error.details));
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'The request body is not valid JSON'));
      return;
    }
    if (parserError?.code && CORRUPT_COMPRESSION.has(parserError.code)) {
      res.status(400).json(errorBody('invalid_encoding', 'The request body is not valid for its Content-Encoding'));
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'The request body is too large'));
      return;
    }
    if (parserError?.type === 'charset.unsupported') {
      // The same answer json-depth.ts gives for a charset it refuses: one code for one condition.
      res.status(415).json(errorBody('unsupported_charset', 'JSON request bodies must be UTF-8'));
      return;
    }
    if (parserError?.type === 'encoding.unsupported') {
      res.status(415).json(errorBody('unsupported_encoding', 'The request body has a Content-Encoding this service does not accept'));
      return;
    }
    if (parserError?.type && parserError.status && parserError.status < 500) {
      res.status(parserError.status).json(errorBody('bad_request', parserError.message));
      return;
    }
    tagActiveSpan(error);
    logger.error({ err: error, method: req.method, path: req.path, requestId: res.locals.requestId }, 'unhandled error');
    res.status(500).json(errorBody('internal_error', 'Something went wrong on our side', { requestId: res.locals.requestId }));
  };
}

function tagActiveSpan(error: unknown): void {
  const span = tracer.scope().active();
  if (span && error instanceof Error) span.setTag('error', error);
}
