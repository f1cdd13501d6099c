// The browser SDK sends a batch as newline-delimited JSON (one event per line). When the SDK is
// set to compress (`compressIntakeRequests: true`) the same text arrives deflate-compressed, so a
// body that does not start like JSON is inflated first.
import { inflateSync } from 'node:zlib';

export interface DecodedBatch {
  events: Record<string, unknown>[];
  /** Lines that were not a JSON object (counted, never thrown: one bad line must not drop the batch). */
  invalidLines: number;
}

export function decodeBatch(body: Buffer | string): DecodedBatch {
  const text = typeof body === 'string' ? body : bodyText(body);
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

function bodyText(body: Buffer): string {
  const first = body.subarray(0, 1).toString('latin1');
  if (first === '{' || first === '[' || first.trim() === '' ) return body.toString('utf8');
  try {
    return inflateSync(body).toString('utf8');
  } catch {
    return body.toString('utf8');
  }
}
