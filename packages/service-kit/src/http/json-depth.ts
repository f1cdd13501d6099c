import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * How many levels of objects and arrays a JSON body may nest when the app does not say otherwise.
 * ShopFast's deepest real body (a checkout: body > shippingAddress > field) is 2 levels; 32 leaves room
 * for any request a client has a reason to send, and is far below the ~4,000 levels at which
 * JSON.stringify (a recursive algorithm in V8) throws "Maximum call stack size exceeded".
 */
export const DEFAULT_MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const NEWLINE = 0x0a;

export interface JsonDepthScanOptions {
  /** Stop scanning as soon as the depth passes this: a hostile body costs one pass up to that point. */
  stopAbove?: number;
  /**
   * The text is newline-delimited JSON (one document per line, as the browser SDK sends its batches):
   * every line starts at depth 0 outside any string, exactly as a line-by-line parser would read it,
   * so an unterminated string on one line cannot hide the brackets of the next.
   */
  lines?: boolean;
}

/**
 * The deepest nesting of objects and arrays in JSON text, found without parsing it: one loop over the
 * characters counting `{` and `[` against `}` and `]`, skipping string contents (an escaped quote
 * `\"` does not end a string, and brackets inside strings do not count). No recursion and no
 * allocation, so 20,000 levels cost what any 40 KB body costs. Bytes (UTF-8) and strings are both
 * read: the ASCII characters it looks for never occur inside a multi-byte UTF-8 sequence.
 * Malformed text gets some number back; JSON.parse rejects it afterwards anyway.
 */
export function jsonNestingDepth(input: string | Uint8Array, options: JsonDepthScanOptions = {}): number {
  const stopAbove = options.stopAbove ?? Number.POSITIVE_INFINITY;
  const lines = options.lines ?? false;
  const text = typeof input === 'string' ? input : undefined;
  const bytes = typeof input === 'string' ? undefined : input;
  const length = input.length;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < length; index += 1) {
    const char = text === undefined ? bytes![index]! : text.charCodeAt(index);
    if (lines && char === NEWLINE) {
      depth = 0;
      inString = false;
    } else if (inString) {
      if (char === BACKSLASH) index += 1;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if ((char === CLOSE_BRACE || char === CLOSE_BRACKET) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/** True when the JSON text nests deeper than `maxDepth` (it stops reading at the first level too many). */
export function exceedsJsonDepth(input: string | Uint8Array, maxDepth: number, options: Omit<JsonDepthScanOptions, 'stopAbove'> = {}): boolean {
  return jsonNestingDepth(input, { ...options, stopAbove: maxDepth }) > maxDepth;
}

/** The 400 a too-deep body gets, in the shared error shape: `{"error":{"code":"json_too_deep",...,"details":{"maxDepth"}}}`. */
export function jsonTooDeep(maxDepth: number): AppError {
  return new AppError('json_too_deep', `The request body nests objects or arrays more than ${maxDepth} levels deep`, 400, { maxDepth });
}

/** Throws unless `maxDepth` is a whole number of at least 1 (a typo must fail at start-up, not per request). */
export function assertMaxJsonDepth(maxDepth: number): number {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`maxJsonDepth must be a whole number >= 1, got ${maxDepth}`);
  return maxDepth;
}

type Verify = (req: IncomingMessage, res: ServerResponse, body: Buffer, encoding: string | null) => void;

/**
 * For express.json's `verify` option, which body-parser calls with the raw (already inflated) bytes
 * BEFORE JSON.parse runs. A body nested deeper than `maxDepth` is refused there; the AppError it
 * throws reaches the app's one error handler unchanged (body-parser keeps its status), so the client
 * gets 400 `json_too_deep`.
 *
 * Only UTF-8 is read: any other charset gets 415 `unsupported_charset`. RFC 8259 requires UTF-8 between
 * systems, every ShopFast client sends it, and a scan of bytes in another encoding could disagree with
 * how body-parser decodes them (UTF-16 with or without a byte-order mark, UTF-7...), which would let a
 * deep body through.
 */
export function jsonDepthVerifier(maxDepth: number = DEFAULT_MAX_JSON_DEPTH): Verify {
  assertMaxJsonDepth(maxDepth);
  return (_req, _res, body, encoding) => {
    if (encoding !== null && encoding.toLowerCase() !== 'utf-8') {
      throw new AppError('unsupported_charset', 'JSON request bodies must be UTF-8', 415, { charset: encoding });
    }
    if (exceedsJsonDepth(body, maxDepth)) throw jsonTooDeep(maxDepth);
  };
}

export interface RawJsonDepthLimitOptions {
  maxDepth?: number;
  /** Largest body read, in body-parser syntax (`1mb`); larger bodies get 413 `payload_too_large`. */
  limit: string;
  /** Newline-delimited JSON: each line is its own document (see JsonDepthScanOptions.lines). */
  lines?: boolean;
  /** Turns the raw bytes into the JSON text a later handler will parse (e.g. inflates a compressed batch). */
  decode?: (body: Buffer) => Buffer | string;
}

/**
 * The same depth limit for a route that reads its body raw and parses it itself (the gateway's browser
 * intake, whose batches are text/plain or deflate, which express.json never sees). It reads the body
 * with express.raw (any content type) and checks `decode(body)` before the route runs; req.body stays
 * the raw Buffer, and a later express.raw on the same request finds the stream read and leaves it.
 * Errors go to the app's error handler: 400 `json_too_deep`, 413 `payload_too_large`.
 */
export function rawJsonDepthLimit(options: RawJsonDepthLimitOptions): RequestHandler {
  const maxDepth = assertMaxJsonDepth(options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH);
  const decode = options.decode ?? ((body: Buffer) => body);
  return express.raw({
    type: () => true,
    limit: options.limit,
    verify: (_req, _res, body) => {
      if (exceedsJsonDepth(decode(body), maxDepth, { lines: options.lines ?? false })) throw jsonTooDeep(maxDepth);
    },
  });
}
