// A recursive-descent parser for the query subset of query-ast.ts. Each parse function takes the whole text
// and either returns the tree or throws a QuerySyntaxError saying where it stopped and what it expected.
import type {
  Argument,
  Call,
  Comparator,
  CompositeExpression,
  EventMonitorQuery,
  Expression,
  Filter,
  MetricMonitorQuery,
  MetricQuery,
  SloAlertQuery,
  Window,
} from './query-ast';

export class QuerySyntaxError extends Error {}

/** Functions the subset knows; any other name is a syntax error (an unknown function is an unchecked one). */
export const KNOWN_FUNCTIONS = new Set([
  'anomalies',
  'forecast',
  'hour_before',
  'day_before',
  'week_before',
  'month_before',
  'abs',
  'default_zero',
  'per_second',
  'per_minute',
  'per_hour',
  'cumsum',
]);

const SPACE_AGGREGATION = /^(avg|sum|min|max|count|p\d{1,2}(?:\.\d+)?):/;
const METRIC_NAME = /^[A-Za-z][\w.]*/;
const UNIT_MINUTES = { m: 1, h: 60, d: 1_440, w: 10_080, mo: 43_200 } as const;

export function parseWindow(text: string, direction: 'last' | 'next' | 'any' = 'any'): Window {
  const match = /^(last|next)_(\d+)(mo|m|h|d|w)$/.exec(text);
  if (!match || (direction !== 'any' && match[1] !== direction)) {
    throw new QuerySyntaxError(`invalid window '${text}': expected ${direction === 'any' ? 'last_|next_' : `${direction}_`}<N>m|h|d|w|mo`);
  }
  const amount = Number(match[2]);
  const unit = match[3] as Window['unit'];
  if (amount <= 0) throw new QuerySyntaxError(`invalid window '${text}': the amount must be positive`);
  return { direction: match[1] as Window['direction'], amount, unit, text, minutes: amount * UNIT_MINUTES[unit] };
}

/** Timeshifts the Monitors API documents for change alerts (MonitorsApi "Metric Alert Query"). */
const AGO = new Set(['5m_ago', '10m_ago', '15m_ago', '30m_ago', '1h_ago', '2h_ago', '4h_ago', '1d_ago']);

/** A change alert's timeshift: `10m_ago` as the API documents it, or `last_30m` as the monitor editor writes it. */
export function parseTimeshift(text: string): Window {
  const ago = /^(\d+)(m|h|d)_ago$/.exec(text);
  if (!ago) return parseWindow(text, 'last');
  if (!AGO.has(text)) throw new QuerySyntaxError(`timeshift '${text}' is not one of ${[...AGO].join(', ')}`);
  return { ...parseWindow(`last_${ago[1]}${ago[2]}`, 'last'), text };
}

class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  rest(): string {
    return this.text.slice(this.position);
  }
  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] as string)) this.position += 1;
  }
  /** Consumes `literal` (after spaces) when it is next; says whether it was. */
  take(literal: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(literal, this.position)) return false;
    this.position += literal.length;
    return true;
  }
  expect(literal: string): void {
    if (!this.take(literal)) this.fail(`'${literal}'`);
  }
  match(pattern: RegExp): RegExpExecArray | null {
    this.skipSpace();
    const found = pattern.exec(this.rest());
    if (found) this.position += found[0].length;
    return found;
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }
  fail(expected: string): never {
    const near = this.rest().slice(0, 24) || 'the end';
    throw new QuerySyntaxError(`expected ${expected} at character ${this.position + 1} (near '${near}')`);
  }
  /** A quoted string ('...' or "..."), quotes removed. */
  string(): string {
    const found = this.match(/^'([^']*)'|^"((?:[^"\\]|\\.)*)"/);
    if (!found) this.fail('a quoted string');
    return (found[1] ?? found[2]) as string;
  }
  number(): number {
    const found = this.match(/^-?\d+(?:\.\d+)?(?:e-?\d+)?/i);
    if (!found) this.fail('a number');
    return Number(found[0]);
  }
  end(): void {
    if (!this.atEnd()) this.fail('the end of the query');
  }
}

function parseFilters(raw: string): Filter[] {
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new QuerySyntaxError(`empty item in scope '{${raw}}'`);
  return items.map((item): Filter => {
    if (item === '*') return { kind: 'all' };
    const variable = /^\$([A-Za-z_][\w-]*)(?:\.value)?$/.exec(item);
    if (variable) return { kind: 'variable', name: variable[1] as string };
    const tag = /^(!?)([A-Za-z][\w.\-/]*):(\S+)$/.exec(item);
    if (!tag) throw new QuerySyntaxError(`'${item}' in scope '{${raw}}' is not key:value, !key:value, $variable or *`);
    return { kind: 'tag', negated: tag[1] === '!', key: tag[2] as string, value: tag[3] as string };
  });
}

function parseMetricQuery(cursor: Cursor): MetricQuery {
  const aggregation = cursor.match(SPACE_AGGREGATION);
  if (!aggregation) cursor.fail('a metric query (avg:, sum:, p95:...)');
  const metric = cursor.match(METRIC_NAME);
  if (!metric) cursor.fail('a metric name');
  const scope = cursor.match(/^\{([^}]*)\}/);
  if (!scope) cursor.fail('a scope {...}');
  let by: string[] = [];
  const group = cursor.match(/^by\s*\{([^}]*)\}/);
  if (group) {
    by = (group[1] as string).split(',').map((key) => key.trim());
    if (by.some((key) => !/^[A-Za-z][\w.-]*$/.test(key))) throw new QuerySyntaxError(`invalid group by '{${group[1]}}'`);
  }
  const modifiers: string[] = [];
  for (let modifier = cursor.match(/^\.(as_count|as_rate|rollup|fill|weighted)\(([^)]*)\)/); modifier; modifier = cursor.match(/^\.(as_count|as_rate|rollup|fill|weighted)\(([^)]*)\)/)) {
    modifiers.push(modifier[1] as string);
  }
  return { type: 'metric', aggregation: (aggregation[1] as string), metric: metric[0], filters: parseFilters(scope[1] as string), by, modifiers };
}

interface ExpressionOptions {
  /** Bare identifiers are query names (dashboard formulas), not errors. */
  references: boolean;
}

function parseCall(cursor: Cursor, name: string, options: ExpressionOptions): Call {
  const call: Call = { type: 'call', name, args: [], named: {} };
  if (cursor.take(')')) return call;
  do {
    const named = cursor.match(/^([a-z_]+)\s*=/);
    if (named) {
      cursor.skipSpace();
      const quoted = /^['"]/.test(cursor.rest());
      call.named[named[1] as string] = quoted ? cursor.string() : (cursor.match(/^[\w.]+/) ?? cursor.fail('a value'))[0];
      continue;
    }
    cursor.skipSpace();
    let argument: Argument;
    if (/^['"]/.test(cursor.rest())) argument = { type: 'string', value: cursor.string() };
    else {
      const expression = parseExpression(cursor, options);
      argument = expression.type === 'number' ? { type: 'number', value: expression.value } : { type: 'expression', value: expression };
    }
    call.args.push(argument);
  } while (cursor.take(','));
  cursor.expect(')');
  return call;
}

function parsePrimary(cursor: Cursor, options: ExpressionOptions): Expression {
  cursor.skipSpace();
  if (cursor.take('(')) {
    const inner = parseExpression(cursor, options);
    cursor.expect(')');
    return inner;
  }
  if (cursor.take('-')) return { type: 'negate', operand: parsePrimary(cursor, options) };
  if (/^\d/.test(cursor.rest())) return { type: 'number', value: cursor.number() };
  if (SPACE_AGGREGATION.test(cursor.rest())) return parseMetricQuery(cursor);
  const call = cursor.match(/^([a-z_]\w*)\s*\(/);
  if (call) {
    const name = call[1] as string;
    if (!KNOWN_FUNCTIONS.has(name)) throw new QuerySyntaxError(`unknown function '${name}()'`);
    return parseCall(cursor, name, options);
  }
  if (options.references) {
    const name = cursor.match(/^[A-Za-z_]\w*/);
    if (name) return { type: 'ref', name: name[0] };
  }
  return cursor.fail(options.references ? 'a query name, number, function or (' : 'a metric query, number, function or (');
}

function parseTerm(cursor: Cursor, options: ExpressionOptions): Expression {
  let left = parsePrimary(cursor, options);
  for (let operator = cursor.match(/^[*/]/); operator; operator = cursor.match(/^[*/]/)) {
    left = { type: 'binary', operator: operator[0] as '*' | '/', left, right: parsePrimary(cursor, options) };
  }
  return left;
}

function parseExpression(cursor: Cursor, options: ExpressionOptions): Expression {
  let left = parseTerm(cursor, options);
  // A `-` followed by a digit right after an operand is still subtraction here: scopes never end in numbers.
  for (let operator = cursor.match(/^[+-]/); operator; operator = cursor.match(/^[+-]/)) {
    left = { type: 'binary', operator: operator[0] as '+' | '-', left, right: parseTerm(cursor, options) };
  }
  return left;
}

function comparison(cursor: Cursor): { comparator: Comparator; threshold: number } {
  const comparator = cursor.match(/^(>=|<=|==|!=|>|<)/);
  if (!comparator) cursor.fail('a comparator (>, >=, <, <=)');
  const threshold = cursor.number();
  cursor.end();
  return { comparator: comparator[0] as Comparator, threshold };
}

/** A metric query, or arithmetic of metric queries, as dashboards and SLOs write them (no time aggregation). */
export function parseMetricExpression(text: string): Expression {
  const cursor: Cursor = new Cursor(text);
  const expression = parseExpression(cursor, { references: false });
  cursor.end();
  return expression;
}

/** A dashboard formula over named queries: `100 * errors / hits`, `anomalies(revenue, 'basic', 2)`. */
export function parseFormula(text: string): Expression {
  const cursor: Cursor = new Cursor(text);
  const expression = parseExpression(cursor, { references: true });
  cursor.end();
  return expression;
}

/**
 * `avg(last_5m):<expression> <comparator> <number>`: a metric, anomaly or forecast monitor's query. Also
 * `percentile(last_5m):p95:...` (distributions) and change alerts, `change(avg(last_5m),last_30m):...` or
 * `pct_change(...)`, which compare the window with the same window shifted back.
 */
export function parseMetricMonitorQuery(text: string): MetricMonitorQuery {
  const cursor: Cursor = new Cursor(text);
  const change = cursor.match(/^(change|pct_change)\((avg|sum|min|max)\(((?:last|next)_\w+)\),\s*([^)\s]+)\)\s*:/);
  const head = change ? null : cursor.match(/^(avg|sum|min|max|percentile)\(((?:last|next)_\w+)\)\s*:/);
  if (!change && !head) cursor.fail('time aggregation and window, e.g. avg(last_5m): or change(avg(last_5m),last_30m):');
  const window = parseWindow((change ? change[3] : head?.[2]) as string);
  const shift = change ? { kind: change[1] as 'change' | 'pct_change', shift: parseTimeshift(change[4] as string) } : undefined;
  const expression = parseExpression(cursor, { references: false });
  const timeAggregation = (change ? change[2] : head?.[1]) as string;
  return { type: 'metric-monitor', timeAggregation, window, ...(shift ? { change: shift } : {}), expression, ...comparison(cursor) };
}

/** A composite monitor's expression over `${monitor:KEY}` placeholders (or numeric ids), && || ! and (). */
export function parseCompositeQuery(text: string): CompositeExpression {
  const cursor: Cursor = new Cursor(text);
  const primary = (): CompositeExpression => {
    if (cursor.take('!')) return { type: 'not', operand: primary() };
    if (cursor.take('(')) {
      const inner = or();
      cursor.expect(')');
      return inner;
    }
    const reference = cursor.match(/^\$\{monitor:([^}\s]+)\}|^(\d+)/);
    if (!reference) return cursor.fail('${monitor:KEY}, a monitor id, ! or (');
    return { type: 'monitor', reference: (reference[1] ?? reference[2]) as string };
  };
  const and = (): CompositeExpression => {
    let left = primary();
    while (cursor.take('&&')) left = { type: 'and', left, right: primary() };
    return left;
  };
  const or = (): CompositeExpression => {
    let left = and();
    while (cursor.take('||')) left = { type: 'or', left, right: and() };
    return left;
  };
  const expression = or();
  cursor.end();
  return expression;
}

/** `burn_rate("${slo:KEY}").over("30d").long_window("1h").short_window("5m") > 14.4`, or `error_budget(...)`. */
export function parseSloAlertQuery(text: string): SloAlertQuery {
  const cursor: Cursor = new Cursor(text);
  const head = cursor.match(/^(burn_rate|error_budget)\(/);
  if (!head) cursor.fail('burn_rate( or error_budget(');
  const slo = cursor.string();
  cursor.expect(')');
  const methods: Record<string, string> = {};
  for (let method = cursor.match(/^\.([a-z_]+)\(/); method; method = cursor.match(/^\.([a-z_]+)\(/)) {
    methods[method[1] as string] = cursor.string();
    cursor.expect(')');
  }
  return { type: 'slo-alert', function: head[1] as SloAlertQuery['function'], slo, methods, ...comparison(cursor) };
}

/** `rum("search").rollup("count").by("@facet").last("5m") > N` and the same shape for logs and trace analytics. */
export function parseEventMonitorQuery(text: string): EventMonitorQuery {
  const cursor: Cursor = new Cursor(text);
  const head = cursor.match(/^(rum|logs|trace-analytics|events|error-tracking)\(/);
  if (!head) cursor.fail('rum(, logs( or trace-analytics(');
  const search = cursor.string();
  cursor.expect(')');
  const methods: EventMonitorQuery['methods'] = [];
  for (let method = cursor.match(/^\.([a-z_]+)\(/); method; method = cursor.match(/^\.([a-z_]+)\(/)) {
    const args: string[] = [];
    if (!cursor.take(')')) {
      do {
        cursor.skipSpace();
        args.push(/^['"]/.test(cursor.rest()) ? cursor.string() : String(cursor.number()));
      } while (cursor.take(','));
      cursor.expect(')');
    }
    methods.push({ name: method[1] as string, args });
  }
  const last = methods.find((method) => method.name === 'last')?.args[0];
  const window = last === undefined ? undefined : parseWindow(`last_${last}`, 'last');
  return { type: 'event-monitor', source: head[1] as string, search, methods, window, ...comparison(cursor) };
}

/** Every metric query inside an expression, in order. */
export function metricQueriesIn(expression: Expression): MetricQuery[] {
  switch (expression.type) {
    case 'metric':
      return [expression];
    case 'call':
      return expression.args.flatMap((argument) => (argument.type === 'expression' ? metricQueriesIn(argument.value) : []));
    case 'binary':
      return [...metricQueriesIn(expression.left), ...metricQueriesIn(expression.right)];
    case 'negate':
      return metricQueriesIn(expression.operand);
    default:
      return [];
  }
}

/** Every call of `name` inside an expression. */
export function callsIn(expression: Expression, name?: string): Call[] {
  switch (expression.type) {
    case 'call': {
      const inner = expression.args.flatMap((argument) => (argument.type === 'expression' ? callsIn(argument.value, name) : []));
      return name === undefined || expression.name === name ? [expression, ...inner] : inner;
    }
    case 'binary':
      return [...callsIn(expression.left, name), ...callsIn(expression.right, name)];
    case 'negate':
      return callsIn(expression.operand, name);
    default:
      return [];
  }
}

/** Query names a formula refers to. */
export function referencesIn(expression: Expression): string[] {
  switch (expression.type) {
    case 'ref':
      return [expression.name];
    case 'call':
      return expression.args.flatMap((argument) => (argument.type === 'expression' ? referencesIn(argument.value) : []));
    case 'binary':
      return [...referencesIn(expression.left), ...referencesIn(expression.right)];
    case 'negate':
      return referencesIn(expression.operand);
    default:
      return [];
  }
}
