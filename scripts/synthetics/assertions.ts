// Datadog's API-test assertions, evaluated against one response: statusCode, responseTime, header and body
// with the simple operators, and body `validatesJSONPath` (a JSONPath, then an operator on what it found).
// Anything else (other assertion types, operators we never use) fails with "not supported by the local
// runner" rather than passing unseen.
import type { HttpResponse } from './http';
import { JsonPathError, queryJsonPath } from './json-path';
import { substitute, VariableError, type Variables } from './variables';

/** The fields of an assertion the runner reads (the client's SyntheticsAssertion members, loosely). */
export interface AssertionSpec {
  type?: unknown;
  operator?: unknown;
  property?: unknown;
  target?: unknown;
}

export interface AssertionResult {
  /** "status code is 201", "body $.status is confirmed". */
  description: string;
  passed: boolean;
  /** What the response had, as text ("402", "(missing)"). */
  actual?: string;
  /** What the assertion wanted ("is 201"). */
  expected?: string;
  /** Why it could not be evaluated (invalid JSONPath, body not JSON, unknown variable). */
  error?: string;
}

const MISSING = '(missing)';

/** How Datadog shows a value it compares: strings as they are, the rest as JSON. */
export function asText(value: unknown): string {
  if (value === undefined) return MISSING;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const numeric = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

type Comparison = { passed: boolean; error?: string };

/** One operator applied to a value and a target, as Datadog's assertion editor describes them. */
export function compare(operator: string, actual: unknown, target: unknown): Comparison {
  switch (operator) {
    case 'is':
    case 'isNot': {
      // Nothing there is a failure for both: "is not pending" says the value exists.
      if (actual === undefined) return { passed: false };
      const a = numeric(actual);
      const t = numeric(target);
      const equal = typeof target === 'number' && a !== undefined && t !== undefined ? a === t : asText(actual) === asText(target);
      return { passed: operator === 'is' ? equal : !equal };
    }
    case 'lessThan':
    case 'lessThanOrEqual':
    case 'moreThan':
    case 'moreThanOrEqual': {
      const a = numeric(actual);
      const t = numeric(target);
      if (t === undefined) return { passed: false, error: `the target ${asText(target)} is not a number` };
      if (a === undefined) return { passed: false };
      const passed = { lessThan: a < t, lessThanOrEqual: a <= t, moreThan: a > t, moreThanOrEqual: a >= t }[operator];
      return { passed };
    }
    case 'contains':
    case 'doesNotContain': {
      if (actual === undefined) return { passed: false };
      const found = asText(actual).includes(asText(target));
      return { passed: operator === 'contains' ? found : !found };
    }
    case 'matches':
    case 'doesNotMatch': {
      if (actual === undefined) return { passed: false };
      let pattern: RegExp;
      try {
        pattern = new RegExp(asText(target));
      } catch (error) {
        return { passed: false, error: `invalid regular expression ${asText(target)}: ${(error as Error).message}` };
      }
      const found = pattern.test(asText(actual));
      return { passed: operator === 'matches' ? found : !found };
    }
    case 'isUndefined':
    case 'doesNotExist':
      return { passed: actual === undefined };
    default:
      return { passed: false, error: `operator ${operator} is not supported by the local runner` };
  }
}

/** Substitutes variables in a string target; numbers stay numbers. */
function resolveTarget(target: unknown, variables: Variables): unknown {
  return typeof target === 'string' ? substitute(target, variables) : target;
}

function simple(description: string, operator: string, actual: unknown, target: unknown): AssertionResult {
  const result = compare(operator, actual, target);
  return {
    description,
    passed: result.passed,
    actual: asText(actual),
    expected: `${operator} ${asText(target)}`,
    ...(result.error ? { error: result.error } : {}),
  };
}

interface JsonPathTarget {
  jsonPath?: unknown;
  operator?: unknown;
  targetValue?: unknown;
  elementsOperator?: unknown;
}

/**
 * validatesJSONPath: the operator applies to the first match by default (Datadog's `firstElementMatches`), or
 * to every match, to at least one, or to the JSON serialization of what matched.
 */
function jsonPathAssertion(spec: JsonPathTarget, response: HttpResponse, variables: Variables): AssertionResult {
  const path = substitute(String(spec.jsonPath ?? ''), variables);
  const operator = String(spec.operator ?? '');
  const target = resolveTarget(spec.targetValue, variables);
  const elements = String(spec.elementsOperator ?? 'firstElementMatches');
  const description = `body ${path} ${operator} ${asText(target)}`;
  const expected = `${operator} ${asText(target)}`;
  let matches: unknown[];
  try {
    matches = queryJsonPath(response.body, path);
  } catch (error) {
    if (error instanceof JsonPathError) return { description, passed: false, actual: MISSING, expected, error: error.message };
    throw error;
  }
  if (matches.length === 0 && operator !== 'isUndefined' && operator !== 'doesNotExist') {
    return { description, passed: false, actual: MISSING, expected, error: `${path} matched nothing in the body` };
  }
  const outcome = (values: unknown[]): Comparison[] => values.map((value) => compare(operator, value, target));
  let passed: boolean;
  let actual: unknown;
  let checks: Comparison[];
  switch (elements) {
    case 'firstElementMatches':
      actual = matches[0];
      checks = outcome([matches[0]]);
      passed = checks[0]?.passed ?? false;
      break;
    case 'everyElementMatches':
      actual = matches;
      checks = outcome(matches);
      passed = matches.length > 0 && checks.every((check) => check.passed);
      break;
    case 'atLeastOneElementMatches':
      actual = matches;
      checks = outcome(matches);
      passed = checks.some((check) => check.passed);
      break;
    case 'serializationMatches':
      actual = JSON.stringify(matches.length === 1 ? matches[0] : matches);
      checks = outcome([actual]);
      passed = checks[0]?.passed ?? false;
      break;
    default:
      return { description, passed: false, expected, error: `elementsOperator ${elements} is not supported by the local runner` };
  }
  const error = checks.find((check) => check.error)?.error;
  return { description, passed, actual: asText(actual), expected, ...(error ? { error } : {}) };
}

export function evaluateAssertion(assertion: AssertionSpec, response: HttpResponse, variables: Variables): AssertionResult {
  const type = String(assertion.type ?? '');
  const operator = String(assertion.operator ?? '');
  try {
    if (type === 'body' && operator === 'validatesJSONPath') {
      return jsonPathAssertion((assertion.target ?? {}) as JsonPathTarget, response, variables);
    }
    const target = resolveTarget(assertion.target, variables);
    switch (type) {
      case 'statusCode':
        return simple(`status code ${operator} ${asText(target)}`, operator, response.status, target);
      case 'responseTime':
        return simple(`response time ${operator} ${asText(target)} ms`, operator, response.responseTimeMs, target);
      case 'header': {
        const name = substitute(String(assertion.property ?? ''), variables).toLowerCase();
        return simple(`header ${name} ${operator} ${asText(target)}`, operator, response.headers[name], target);
      }
      case 'body':
        return simple(`body ${operator} ${asText(target)}`, operator, response.body, target);
      default:
        return { description: `${type} ${operator}`, passed: false, error: `assertion type ${type} is not supported by the local runner` };
    }
  } catch (error) {
    if (error instanceof VariableError) return { description: `${type} ${operator}`, passed: false, error: error.message };
    throw error;
  }
}
