import { MalformedEventError } from './errors';

/** What a consumer's handler receives: the entry's fields, decoded, plus where it came from. */
export interface ReceivedEvent<T = unknown> {
  /** Event id (uuid) chosen by the producer: the key consumers deduplicate on. */
  id: string;
  type: string;
  /** ISO timestamp set by the producer. */
  occurredAt: string;
  /** Name of the producing service, when it said. */
  source?: string;
  data: T;
  stream: string;
  /** Redis stream entry id (`1718000000000-0`). */
  entryId: string;
}


/** Redis returns an entry's fields as a flat [name, value, name, value, ...] list. */
export function fieldsToRecord(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
  return record;
}

export function decodeEvent(stream: string, entryId: string, fields: Record<string, string>): { event: ReceivedEvent; trace: Record<string, string> } {
  const { id, type, occurredAt, data, source } = fields;
  if (!id) throw new MalformedEventError('entry has no id field');
  if (!type) throw new MalformedEventError('entry has no type field');
  if (!occurredAt || Number.isNaN(Date.parse(occurredAt))) throw new MalformedEventError('entry has no valid occurredAt field');
  if (data === undefined) throw new MalformedEventError('entry has no data field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new MalformedEventError('entry data is not JSON');
  }
  const event: ReceivedEvent = { id, type, occurredAt, data: parsed, stream, entryId };
  if (source) event.source = source;
  return { event, trace: parseTraceField(fields.trace) };
}

/** A missing or broken trace field never fails an event: the consumer just starts a new trace. */
function parseTraceField(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const headers: Record<string, string> = {};
    for (const [key, header] of Object.entries(value).slice(0, 32)) if (typeof header === 'string') headers[key] = header;
    return headers;
  } catch {
    return {};
  }
}
