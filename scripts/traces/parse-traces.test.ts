import { describe, expect, it } from 'vitest';
import { checkoutSpans, checkoutText, CHECKOUT_TRACE_ID } from './fixture';
import { parseTraceChunks, quoteIds } from './parse-traces';

describe('parseTraceChunks', () => {
  it('keeps 64-bit ids exact where JSON.parse would round them', () => {
    const text = '[[{"trace_id": 18446744073709551615, "span_id": 9007199254740993, "parent_id": 0, "name": "a"}, {"trace_id":18446744073709551615,"span_id":9007199254740995,"parent_id":9007199254740993,"name":"b"}]]';
    const [chunk] = parseTraceChunks(text);
    expect(chunk!.map((span) => [span.trace_id, span.span_id, span.parent_id])).toEqual([
      ['18446744073709551615', '9007199254740993', '0'],
      ['18446744073709551615', '9007199254740995', '9007199254740993'],
    ]);
    // What the naive parse would have printed: both span ids collapse to the same double.
    const naive = JSON.parse(text) as Array<Array<{ span_id: number }>>;
    expect(String(naive[0]![0]!.span_id)).not.toBe('9007199254740993');
  });

  it('leaves id-like text inside string values alone', () => {
    const text = '[[{"trace_id": 5, "span_id": 6, "parent_id": 0, "resource": "SELECT \\"trace_id\\": 123", "meta": {"note": "\\"span_id\\":7"}}]]';
    expect(quoteIds(text)).toContain('SELECT \\"trace_id\\": 123');
    const span = parseTraceChunks(text)[0]![0]!;
    expect(span.resource).toBe('SELECT "trace_id": 123');
    expect(span.meta.note).toBe('"span_id":7');
  });

  it('reads the real checkout answer: every span of one trace, all parents present but the root', () => {
    const spans = checkoutSpans();
    expect(spans).toHaveLength(99);
    expect(new Set(spans.map((span) => span.trace_id))).toEqual(new Set([CHECKOUT_TRACE_ID]));
    const ids = new Set(spans.map((span) => span.span_id));
    expect(ids.size).toBe(99);
    expect(spans.filter((span) => !ids.has(span.parent_id)).map((span) => span.parent_id)).toEqual(['0']);
    expect(checkoutText).toContain(`"trace_id": ${CHECKOUT_TRACE_ID},`);
  });

  it('rejects an answer that is not an array', () => {
    expect(() => parseTraceChunks('{"error":"nope"}')).toThrow(/array/);
    expect(() => parseTraceChunks('<html>')).toThrow();
  });
});
