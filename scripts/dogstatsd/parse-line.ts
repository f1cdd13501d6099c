// Parser for one DogStatsD datagram line (protocol v1.x), as sent by hot-shots and dd-trace:
//
//   <name>:<value>[:<value>…]|<type>[|@<sample rate>][|#<tag>,<tag>…][|c:<container id>][|T<unix ts>]
//   _sc|<name>|<status>[|d:…][|h:…][|#tags][|m:<message>]                    (service check)
//   _e{<title length>,<text length>}:<title>|<text>[|d:…][|#tags]…          (event)
//
// It never throws: a line it cannot make sense of comes back as { ok: false, reason }.

export const METRIC_TYPES = ['c', 'g', 'ms', 'h', 's', 'd'] as const;

export interface DogStatsdLine {
  raw: string;
  name: string;
  /** As sent (a string: sets carry arbitrary values, v1.1 packs several values "1:2:3"). */
  value: string;
  /** c g ms h s d for metrics; "sc" for service checks, "e" for events. */
  type: string;
  sampleRate: number;
  /** Tags as a map; a tag without ":" maps to "". Repeated keys: the last one wins (see tagList). */
  tags: Record<string, string>;
  /** Tags exactly as sent, in order. */
  tagList: string[];
  /** `|c:` field, kept raw. */
  containerId?: string;
  /** `|T` field (unix seconds), kept raw. */
  timestamp?: string;
  /** Any other field, kept raw (e.g. `e:` external data, `d:`/`h:` on events). */
  extraFields?: string[];
}

export type ParseResult = { ok: true; line: DogStatsdLine } | { ok: false; raw: string; reason: string };

/** A UDP packet may carry several lines separated by "\n"; empty ones are dropped. */
export function splitPacket(packet: string): string[] {
  return packet
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.length > 0);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fail(raw: string, reason: string): ParseResult {
  return { ok: false, raw, reason };
}

/** Splits the `|`-separated optional fields shared by every kind of line. */
function readFields(fields: string[], line: DogStatsdLine, allowRate: boolean): string | undefined {
  for (const field of fields) {
    if (field.startsWith('@') && allowRate) {
      const rate = Number(field.slice(1));
      if (!NUMBER.test(field.slice(1)) || !(rate > 0 && rate <= 1)) return `bad sample rate "${field}"`;
      line.sampleRate = rate;
    } else if (field.startsWith('#')) {
      for (const tag of field.slice(1).split(',')) {
        if (tag === '') continue;
        line.tagList.push(tag);
        const colon = tag.indexOf(':');
        if (colon === -1) line.tags[tag] = '';
        else line.tags[tag.slice(0, colon)] = tag.slice(colon + 1);
      }
    } else if (field.startsWith('c:')) {
      line.containerId = field.slice(2);
    } else if (/^T\d+$/.test(field)) {
      line.timestamp = field.slice(1);
    } else if (field !== '') {
      (line.extraFields ??= []).push(field);
    }
  }
  return undefined;
}

function blank(raw: string): DogStatsdLine {
  return { raw, name: '', value: '', type: '', sampleRate: 1, tags: {}, tagList: [] };
}

function parseServiceCheck(raw: string): ParseResult {
  const [, name, status, ...fields] = raw.split('|');
  if (!name) return fail(raw, 'service check without a name');
  if (!status || !/^[0-3]$/.test(status)) return fail(raw, `bad service check status "${status ?? ''}"`);
  const line = { ...blank(raw), name, value: status, type: 'sc' };
  const problem = readFields(fields, line, false);
  return problem ? fail(raw, problem) : { ok: true, line };
}

function parseEvent(raw: string): ParseResult {
  const header = /^_e\{(\d+),(\d+)\}:/.exec(raw);
  if (!header) return fail(raw, 'bad event header');
  const titleLength = Number(header[1]);
  const textLength = Number(header[2]);
  const start = header[0].length;
  const title = raw.slice(start, start + titleLength);
  const text = raw.slice(start + titleLength + 1, start + titleLength + 1 + textLength);
  if (title.length !== titleLength || raw[start + titleLength] !== '|' || text.length !== textLength) {
    return fail(raw, 'event title/text lengths do not match');
  }
  const rest = raw.slice(start + titleLength + 1 + textLength);
  if (rest !== '' && !rest.startsWith('|')) return fail(raw, 'event text longer than announced');
  const line = { ...blank(raw), name: title, value: text, type: 'e' };
  const problem = readFields(rest === '' ? [] : rest.slice(1).split('|'), line, false);
  return problem ? fail(raw, problem) : { ok: true, line };
}

export function parseLine(raw: string): ParseResult {
  if (raw.startsWith('_sc|')) return parseServiceCheck(raw);
  if (raw.startsWith('_e{')) return parseEvent(raw);

  const [nameAndValue = '', type, ...fields] = raw.split('|');
  const colon = nameAndValue.indexOf(':');
  if (colon <= 0) return fail(raw, 'expected <name>:<value>');
  const name = nameAndValue.slice(0, colon);
  const value = nameAndValue.slice(colon + 1);
  if (value === '') return fail(raw, 'empty value');
  if (type === undefined) return fail(raw, 'missing |<type>');
  if (!(METRIC_TYPES as readonly string[]).includes(type)) return fail(raw, `unknown metric type "${type}"`);
  if (type !== 's' && !value.split(':').every((v) => NUMBER.test(v))) {
    return fail(raw, `value "${value}" is not a number`);
  }
  const line = { ...blank(raw), name, value, type };
  const problem = readFields(fields, line, true);
  return problem ? fail(raw, problem) : { ok: true, line };
}
