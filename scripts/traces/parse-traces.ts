// Parsing the test agent's `GET /test/traces` answer without losing ids.
//
// The agent answers span ids and trace ids as bare JSON integers of up to 64 bits. JSON.parse turns them
// into doubles, which keep only 53 bits: two different ids can collapse into one and the printed id would
// not be the one Datadog shows. So before parsing, the values of the three id keys are quoted (they are
// always bare integers there; inside a JSON string a quote is escaped, so the pattern cannot match inside
// a string value) and ids stay exact decimal strings.

export interface RawSpan {
  trace_id: string;
  span_id: string;
  /** "0" for a root span. */
  parent_id: string;
  service: string;
  name: string;
  resource: string;
  /** Nanoseconds since the epoch. */
  start: number;
  /** Nanoseconds. */
  duration: number;
  error: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
  type?: string;
}

const ID_KEYS = /"(trace_id|span_id|parent_id)"(\s*):(\s*)(-?\d+)/g;

export function quoteIds(text: string): string {
  return text.replace(ID_KEYS, '"$1"$2:$3"$4"');
}

/** The agent's answer as span arrays ("chunks"; one trace may arrive in several). Throws on malformed JSON. */
export function parseTraceChunks(text: string): RawSpan[][] {
  const parsed: unknown = JSON.parse(quoteIds(text));
  if (!Array.isArray(parsed)) throw new Error('the test agent did not answer an array of traces');
  return parsed
    .filter((chunk): chunk is unknown[] => Array.isArray(chunk))
    .map((chunk) => chunk.filter(isSpanLike).map(normalize));
}

function isSpanLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'span_id' in value && 'trace_id' in value;
}

function normalize(span: Record<string, unknown>): RawSpan {
  return {
    trace_id: String(span.trace_id),
    span_id: String(span.span_id),
    parent_id: span.parent_id == null ? '0' : String(span.parent_id),
    service: typeof span.service === 'string' ? span.service : '',
    name: typeof span.name === 'string' ? span.name : '',
    resource: typeof span.resource === 'string' ? span.resource : '',
    start: Number(span.start ?? 0),
    duration: Number(span.duration ?? 0),
    error: Number(span.error ?? 0),
    meta: (span.meta as Record<string, string> | undefined) ?? {},
    metrics: (span.metrics as Record<string, number> | undefined) ?? {},
    ...(typeof span.type === 'string' ? { type: span.type } : {}),
  };
}
