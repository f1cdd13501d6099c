// Values a multistep test extracts from a step's response for the steps after it (the step's
// `extractedValues`): from the body (JSONPath, a regular expression, or all of it), a header, or the status.
import { asText } from './assertions';
import type { HttpResponse } from './http';
import { queryJsonPath } from './json-path';
import type { Variable } from './variables';

/** The fields of a SyntheticsParsingOptions the runner reads. */
export interface ExtractionSpec {
  name?: string;
  type?: unknown;
  field?: string;
  parser?: { type?: unknown; value?: string };
  secure?: boolean;
}

export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

function parse(source: string, parser: ExtractionSpec['parser'], name: string): string {
  const type = String(parser?.type ?? 'raw');
  const expression = parser?.value ?? '';
  switch (type) {
    case 'raw':
      return source;
    case 'json_path': {
      const matches = queryJsonPath(source, expression);
      if (matches.length === 0 || matches[0] === undefined) throw new ExtractionError(`${name}: ${expression} matched nothing in the body`);
      return asText(matches[0]);
    }
    case 'regex': {
      const match = new RegExp(expression).exec(source);
      if (!match) throw new ExtractionError(`${name}: /${expression}/ matched nothing`);
      // The first group when there is one, else the whole match.
      return match[1] ?? match[0];
    }
    default:
      throw new ExtractionError(`${name}: parser ${type} is not supported by the local runner`);
  }
}

/** Every extracted value of a step, by name; throws ExtractionError naming the first that could not be found. */
export function extractValues(specs: readonly ExtractionSpec[] | undefined, response: HttpResponse): Map<string, Variable> {
  const values = new Map<string, Variable>();
  for (const spec of specs ?? []) {
    const name = spec.name ?? '';
    if (!name) throw new ExtractionError('an extracted value has no name');
    const type = String(spec.type ?? '');
    let source: string;
    if (type === 'http_body') source = response.body;
    else if (type === 'http_header') {
      const header = response.headers[(spec.field ?? '').toLowerCase()];
      if (header === undefined) throw new ExtractionError(`${name}: the response has no header ${spec.field ?? ''}`);
      source = header;
    } else if (type === 'http_status_code') source = String(response.status);
    else throw new ExtractionError(`${name}: extraction from ${type} is not supported by the local runner`);
    values.set(name, { value: parse(source, spec.parser, name), secure: spec.secure ?? false });
  }
  return values;
}
