// The browser SDK sends a batch as newline-delimited JSON (one event per line). When the SDK is
// set to compress (`compressIntakeRequests: true`) the same text arrives deflate-compressed, so a
// body that does not start like JSON is inflated first.
import { inflateSync } from 'node:zlib';

/**
 * Most bytes a compressed batch may inflate to. Without a cap a few hundred KB of crafted deflate
 * data inflate to hundreds of MB (a decompression bomb) and take the gateway past its memory limit.
 * Real batches are tiny (the SDK caps one at 16 KiB of text) and compress about 5-10x, so 8 MiB is
 * far above anything a browser sends yet well inside the gateway's memory (384 MB in compose).
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/** The body inflated to more than MAX_INFLATED_BYTES; the router answers 413 payload_too_large. */
export class BatchTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the batch inflates to more than ${limitBytes} bytes`);
    this.name = 'BatchTooLargeError';
  }
}

export interface DecodedBatch {
  events: Record<string, unknown>[];
  /** Lines that were not a JSON object (counted, never thrown: one bad line must not drop the batch). */
  invalidLines: number;
}

/** Throws BatchTooLargeError when a compressed body inflates past `maxInflatedBytes`. */
export function decodeBatch(body: Buffer | string, maxInflatedBytes = MAX_INFLATED_BYTES): DecodedBatch {
  const text = typeof body === 'string' ? body : bodyText(body, maxInflatedBytes);
  const events: Record<string, unknown>[] = [];
  let invalidLines = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) events.push(parsed as Record<string, unknown>);
      else invalidLines += 1;
    } catch {
      invalidLines += 1;
    }
  }
  return { events, invalidLines };
}

function bodyText(body: Buffer, maxInflatedBytes: number): string {
  const first = body.subarray(0, 1).toString('latin1');
  if (first === '{' || first === '[' || first.trim() === '') return body.toString('utf8');
  try {
    return inflateSync(body, { maxOutputLength: maxInflatedBytes }).toString('utf8');
  } catch (error) {
    // zlib stops at maxOutputLength with ERR_BUFFER_TOO_LARGE; any other error means "not deflate".
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BatchTooLargeError(maxInflatedBytes);
    return body.toString('utf8');
  }
}
