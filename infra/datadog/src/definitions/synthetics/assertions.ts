// Builders for the assertions our API tests use, in Datadog's own format (the API's `config.assertions` and
// each step's `assertions`). scripts/synthetics evaluates exactly these shapes against the local stack.
import type { v1 } from '@datadog/datadog-api-client';

/** Operators of a simple assertion (statusCode, responseTime, header, body). */
export type Operator = 'is' | 'isNot' | 'lessThan' | 'lessThanOrEqual' | 'moreThan' | 'moreThanOrEqual' | 'contains' | 'doesNotContain' | 'matches' | 'doesNotMatch';

export const statusIs = (code: number): v1.SyntheticsAssertionTarget => ({ type: 'statusCode', operator: 'is', target: code });

/** Total response time in milliseconds. */
export const respondsWithin = (milliseconds: number): v1.SyntheticsAssertionTarget => ({ type: 'responseTime', operator: 'lessThan', target: milliseconds });

export const header = (name: string, operator: Operator, target: string): v1.SyntheticsAssertionTarget => ({ type: 'header', property: name, operator, target });

export const isJson = (): v1.SyntheticsAssertionTarget => header('content-type', 'contains', 'application/json');

/** A JSONPath into the body, with the operator applied to the value found there. */
export const jsonPath = (path: string, operator: Operator, targetValue: string | number): v1.SyntheticsAssertionJSONPathTarget => ({
  type: 'body',
  operator: 'validatesJSONPath',
  target: { jsonPath: path, operator, targetValue },
});
