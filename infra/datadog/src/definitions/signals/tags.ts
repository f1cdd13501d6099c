// Tag values as Datadog stores them, and the `*` wildcard of query filters, for the local evaluation.

/**
 * A span's resource as the `resource_name` tag of its trace metrics: Datadog lower-cases tag values and turns
 * every character outside letters, digits, `_ - : . /` into `_`, one `_` per run, none at the end
 * (`GET /products/:id` -> `get_/products/:id`).
 */
export function normalizeTagValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_\-:./]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/_$/, '');
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * Why a filter value's wildcard is not one Datadog documents, or undefined when it is: Datadog's tag filters take
 * `*` as a prefix match (`upstream_*`), a suffix match (`*_timeout`) or a substring match (`*items*`) only, so
 * `select*order_items*` (a `*` inside the value) may match nothing in Datadog whatever it matches here.
 */
export function wildcardProblem(pattern: string): string | undefined {
  if (!pattern.includes('*')) return undefined;
  const inner = pattern.replace(/^\*/, '').replace(/\*$/, '');
  if (inner === '') return `'${pattern}' is only wildcards: leave the filter out instead`;
  if (inner.includes('*')) return `'${pattern}' has a '*' inside the value: Datadog documents only 'x*', '*x' and '*x*'`;
  return undefined;
}

/** Whether `value` matches a filter value, with `*` as a prefix, suffix or substring wildcard (wildcardProblem). */
export function matchesWildcard(pattern: string, value: string | undefined): boolean {
  const problem = wildcardProblem(pattern);
  if (problem) throw new Error(problem);
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  return new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(value);
}
