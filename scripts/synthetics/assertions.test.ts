import { describe, expect, it } from 'vitest';
import { compare, evaluateAssertion, type AssertionSpec } from './assertions';
import type { HttpResponse } from './http';
import type { Variables } from './variables';

const response = (overrides: Partial<HttpResponse> = {}): HttpResponse => ({
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc' },
  body: JSON.stringify({ orderId: 'd0b87774-5cd2-4cce-a835-1bedd8496bc3', status: 'confirmed', total: 8.38, items: [{ id: 'p-0450', stock: 3 }, { id: 'p-0418', stock: 0 }], payment: { last4: '4242' } }),
  responseTimeMs: 120,
  traceId: '1',
  ...overrides,
});
const none: Variables = new Map();
const evaluate = (assertion: AssertionSpec, answer = response(), variables = none) => evaluateAssertion(assertion, answer, variables);
const jsonPath = (path: string, operator: string, targetValue: unknown, elementsOperator?: string): AssertionSpec => ({
  type: 'body',
  operator: 'validatesJSONPath',
  target: { jsonPath: path, operator, targetValue, ...(elementsOperator ? { elementsOperator } : {}) },
});

describe('operators', () => {
  it.each([
    ['is', 201, 201, true],
    ['is', '201', 201, true],
    ['is', 'confirmed', 'confirmed', true],
    ['is', true, 'true', true],
    ['is', 'confirmed', 'pending', false],
    ['isNot', 'confirmed', 'pending', true],
    ['isNot', 201, 201, false],
    ['lessThan', 120, 2000, true],
    ['lessThan', 2500, 2000, false],
    ['lessThanOrEqual', 2000, 2000, true],
    ['moreThan', 3, 0, true],
    ['moreThan', 0, 0, false],
    ['moreThanOrEqual', 0, 0, true],
    ['moreThan', 'many', 0, false],
    ['contains', 'application/json; charset=utf-8', 'application/json', true],
    ['contains', 'text/html', 'application/json', false],
    ['doesNotContain', 'text/html', 'json', true],
    ['matches', 'p-0450', '^p-\\d{4,6}$', true],
    ['matches', 'x-0450', '^p-\\d{4,6}$', false],
    ['doesNotMatch', 'x-0450', '^p-', true],
  ])('%s: %j against %j is %s', (operator, actual, target, expected) => {
    expect(compare(operator, actual, target).passed).toBe(expected);
  });

  it('never passes a comparison on a missing value, except the ones asking for absence', () => {
    for (const operator of ['is', 'isNot', 'contains', 'matches', 'lessThan', 'doesNotContain', 'doesNotMatch']) {
      expect(compare(operator, undefined, 'x').passed, operator).toBe(false);
    }
    expect(compare('isUndefined', undefined, '').passed).toBe(true);
  });

  it('fails, saying why, on an operator it does not know or a broken regular expression', () => {
    expect(compare('isInMoreThan', 1, 1)).toEqual({ passed: false, error: 'operator isInMoreThan is not supported by the local runner' });
    expect(compare('matches', 'a', '(').error).toMatch(/invalid regular expression/);
  });
});

describe('assertions on a response', () => {
  it('checks the status code, response time and a header', () => {
    expect(evaluate({ type: 'statusCode', operator: 'is', target: 201 })).toMatchObject({ passed: true, description: 'status code is 201' });
    expect(evaluate({ type: 'responseTime', operator: 'lessThan', target: 2000 })).toMatchObject({ passed: true, description: 'response time lessThan 2000 ms' });
    expect(evaluate({ type: 'header', property: 'Content-Type', operator: 'contains', target: 'application/json' }).passed).toBe(true);
  });

  it('reports a failing assertion as failing, with what came back and what was wanted', () => {
    expect(evaluate({ type: 'statusCode', operator: 'is', target: 201 }, response({ status: 402 }))).toEqual({
      description: 'status code is 201',
      passed: false,
      actual: '402',
      expected: 'is 201',
    });
    expect(evaluate({ type: 'responseTime', operator: 'lessThan', target: 100 })).toMatchObject({ passed: false, actual: '120', expected: 'lessThan 100' });
    expect(evaluate({ type: 'header', property: 'retry-after', operator: 'is', target: '1' })).toMatchObject({ passed: false, actual: '(missing)' });
  });

  it('checks the raw body', () => {
    expect(evaluate({ type: 'body', operator: 'contains', target: '"status":"confirmed"' }).passed).toBe(true);
    expect(evaluate({ type: 'body', operator: 'doesNotContain', target: 'confirmed' }).passed).toBe(false);
  });

  it('applies the inner operator of validatesJSONPath to the first match', () => {
    expect(evaluate(jsonPath('$.status', 'is', 'confirmed'))).toMatchObject({ passed: true, description: 'body $.status is confirmed' });
    expect(evaluate(jsonPath('$.total', 'moreThan', 0)).passed).toBe(true);
    expect(evaluate(jsonPath('$.items[0].id', 'matches', '^p-\\d{4,6}$')).passed).toBe(true);
    expect(evaluate(jsonPath('$.payment.last4', 'is', '4242')).passed).toBe(true);
    expect(evaluate(jsonPath('$.items[?(@.stock > 0)].id', 'is', 'p-0450')).passed).toBe(true);
    expect(evaluate(jsonPath('$.status', 'is', 'pending'))).toMatchObject({ passed: false, actual: 'confirmed', expected: 'is pending' });
  });

  it('fails a JSONPath that matches nothing, or a body that is not JSON, instead of passing', () => {
    expect(evaluate(jsonPath('$.nothing.here', 'isNot', 'x'))).toMatchObject({ passed: false, actual: '(missing)', error: '$.nothing.here matched nothing in the body' });
    expect(evaluate(jsonPath('$.nothing.here', 'isUndefined', '')).passed).toBe(true);
    expect(evaluate(jsonPath('$.status', 'is', 'ok'), response({ body: '<html>502 Bad Gateway</html>' }))).toMatchObject({
      passed: false,
      error: expect.stringMatching(/not JSON/),
    });
  });

  it('supports every, at least one and serialization element operators', () => {
    expect(evaluate(jsonPath('$.items[*].id', 'matches', '^p-', 'everyElementMatches')).passed).toBe(true);
    expect(evaluate(jsonPath('$.items[*].stock', 'moreThan', 0, 'everyElementMatches')).passed).toBe(false);
    expect(evaluate(jsonPath('$.items[*].stock', 'moreThan', 0, 'atLeastOneElementMatches')).passed).toBe(true);
    expect(evaluate(jsonPath('$.payment', 'is', '{"last4":"4242"}', 'serializationMatches')).passed).toBe(true);
  });

  it('substitutes variables into targets and JSONPaths', () => {
    const variables: Variables = new Map([
      ['PRODUCT_ID', { value: 'p-0450', secure: false }],
      ['FIELD', { value: 'status', secure: false }],
    ]);
    expect(evaluate(jsonPath('$.items[0].id', 'is', '{{ PRODUCT_ID }}'), response(), variables).passed).toBe(true);
    expect(evaluate(jsonPath('$.{{ FIELD }}', 'is', 'confirmed'), response(), variables).passed).toBe(true);
    expect(evaluate(jsonPath('$.items[0].id', 'is', '{{ MISSING }}'))).toMatchObject({ passed: false, error: expect.stringMatching(/MISSING/) });
  });

  it('fails assertion types the runner cannot reproduce', () => {
    expect(evaluate({ type: 'certificate', operator: 'isInMoreThan', target: 10 })).toMatchObject({ passed: false, error: 'assertion type certificate is not supported by the local runner' });
  });
});
