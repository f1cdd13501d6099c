// JSONPath over a response body, with jsonpath-plus (filters such as `$.items[?(@.stock > 0)].id` included,
// evaluated by its safe evaluator, never `eval`). Always a list of matches: an assertion or an extraction
// decides what to do with none, one or many.
import { JSONPath } from 'jsonpath-plus';

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

/** The values at `path` in the JSON text; throws JsonPathError when the body is not JSON or the path is invalid. */
export function queryJsonPath(body: string, path: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw new JsonPathError(`the body is not JSON (${body.length === 0 ? 'empty' : `starts with ${JSON.stringify(body.slice(0, 40))}`})`);
  }
  try {
    // `json` is typed as `null | boolean | number | string | object | any[]`: every JSON.parse result.
    const matches: unknown = JSONPath({ path, json: document as object, wrap: true, eval: 'safe' });
    return Array.isArray(matches) ? matches : [];
  } catch (error) {
    throw new JsonPathError(`invalid JSONPath ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
