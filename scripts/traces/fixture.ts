import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraceChunks, type RawSpan } from './parse-traces';

/** The agent's answer for one real approved checkout (see capture-checkout-fixture.ts), as raw text. */
export const checkoutText = readFileSync(join(__dirname, 'fixtures', 'checkout-trace.json'), 'utf8');
export const CHECKOUT_TRACE_ID = '360403353039158182';

export function checkoutSpans(): RawSpan[] {
  return parseTraceChunks(checkoutText).flat();
}

/** A minimal span for hand-made cases. */
export function span(fields: Partial<RawSpan> & Pick<RawSpan, 'span_id'>): RawSpan {
  return { trace_id: '1', parent_id: '0', service: 'svc', name: 'op', resource: 'op', start: 0, duration: 1e6, error: 0, meta: {}, metrics: {}, ...fields };
}
