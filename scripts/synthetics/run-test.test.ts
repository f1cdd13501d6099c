import { describe, expect, it } from 'vitest';
import type { v1 } from '@datadog/datadog-api-client';
import type { SyntheticsApiDefinition } from '../../infra/datadog/src/definitions/types';
import { RequestError, type HttpRequest, type HttpResponse } from './http';
import { formatSummary, formatTest, summarize } from './report';
import { runApiTest } from './run-test';

type Handler = (request: HttpRequest) => Partial<HttpResponse> & { json?: unknown };

/** A fake network: records every request and answers from the handler (JSON bodies by default). */
function fakeShop(handler: Handler) {
  const requests: HttpRequest[] = [];
  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    const { json, ...answer } = handler(request);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: json === undefined ? '' : JSON.stringify(json), responseTimeMs: 5, traceId: String(requests.length), ...answer };
  };
  return { requests, send, sleep: async () => undefined };
}

const statusIs = (code: number): v1.SyntheticsAssertion => ({ type: 'statusCode', operator: 'is', target: code });
const jsonPathIs = (path: string, value: string | number): v1.SyntheticsAssertion => ({ type: 'body', operator: 'validatesJSONPath', target: { jsonPath: path, operator: 'is', targetValue: value } });

function multistep(steps: Array<Partial<v1.SyntheticsAPITestStep> & { name: string }>, retry?: v1.SyntheticsTestOptionsRetry): SyntheticsApiDefinition {
  return {
    kind: 'synthetics-api',
    key: 'fake-journey',
    body: {
      type: 'api',
      subtype: 'multi',
      name: 'Fake journey',
      message: '',
      locations: ['aws:eu-central-1'],
      options: { tickEvery: 60, ...(retry ? { retry } : {}) },
      config: {
        configVariables: [
          { name: 'RUN_ID', type: 'text', pattern: '{{ numeric(6) }}' },
          { name: 'PASSWORD', type: 'text', pattern: '{{ alphanumeric(12) }}', secure: true },
        ],
        steps: steps.map((step) => ({ subtype: 'http', assertions: [], request: { method: 'GET', url: 'http://shop.test/' }, ...step })) as v1.SyntheticsAPIStep[],
      },
    },
  };
}

const login = {
  name: 'Log in',
  request: { method: 'POST', url: 'http://shop.test/api/auth/login', body: '{"email":"s-{{ RUN_ID }}@example.com","password":"{{ PASSWORD }}"}' },
  assertions: [statusIs(200)],
  extractedValues: [{ name: 'TOKEN', type: 'http_body', parser: { type: 'json_path', value: '$.token' }, secure: true }] as v1.SyntheticsParsingOptions[],
};
const me = {
  name: 'Read the profile',
  request: { method: 'GET', url: 'http://shop.test/api/me?run={{ RUN_ID }}', headers: { authorization: 'Bearer {{ TOKEN }}' } },
  assertions: [statusIs(200), jsonPathIs('$.email', 's-{{ RUN_ID }}@example.com')],
};

const shop: Handler = (request) => {
  if (request.url.endsWith('/api/auth/login')) return { json: { token: 'jwt.for.' + JSON.parse(request.body ?? '{}').email } };
  if (request.url.includes('/api/me')) {
    const email = request.headers.authorization?.replace('Bearer jwt.for.', '');
    return email ? { json: { email } } : { status: 401, json: { error: { code: 'unauthorized' } } };
  }
  return { status: 404 };
};

describe('a multistep test', () => {
  it('runs the steps in order, passing an extracted value to the next step', async () => {
    const fake = fakeShop(shop);
    const result = await runApiTest(multistep([login, me]), fake);
    expect(result).toMatchObject({ key: 'fake-journey', subtype: 'multi', passed: true, attempts: 1 });
    expect(result.steps.map((step) => [step.name, step.passed, step.status])).toEqual([
      ['Log in', true, 200],
      ['Read the profile', true, 200],
    ]);
    const runId = /s-(\d{6})@/.exec(fake.requests[0]?.body ?? '')?.[1];
    expect(runId).toMatch(/^\d{6}$/);
    expect(fake.requests[1]?.headers.authorization).toBe(`Bearer jwt.for.s-${runId}@example.com`);
    expect(fake.requests[1]?.url).toBe(`http://shop.test/api/me?run=${runId}`);
  });

  it('stops at the first failing step and reports each failed assertion with actual and expected', async () => {
    const fake = fakeShop((request) => (request.url.endsWith('/api/checkout') ? { status: 402, json: { error: { code: 'payment_declined' } } } : shop(request)));
    const checkout = { name: 'Check out', request: { method: 'POST', url: 'http://shop.test/api/checkout', body: '{}' }, assertions: [statusIs(201), jsonPathIs('$.status', 'confirmed')] };
    const result = await runApiTest(multistep([login, checkout, me]), { ...fake, retries: false });
    expect(result.passed).toBe(false);
    expect(fake.requests.map((request) => request.url)).toEqual(['http://shop.test/api/auth/login', 'http://shop.test/api/checkout']);
    expect(result.steps[1]?.assertions.filter((assertion) => !assertion.passed)).toEqual([
      { description: 'status code is 201', passed: false, actual: '402', expected: 'is 201' },
      { description: 'body $.status is confirmed', passed: false, actual: '(missing)', expected: 'is confirmed', error: '$.status matched nothing in the body' },
    ]);
    const lines = formatTest(result);
    expect(lines[0]).toMatch(/^✗ Fake journey \[fake-journey\] \d+ ms$/);
    expect(lines).toContain('        ✗ status code is 201: got 402, expected is 201');
    expect(lines.some((line) => line.startsWith('    ✗ step 2 "Check out": POST http://shop.test/api/checkout -> 402'))).toBe(true);
  });

  it('goes on after a step that may fail, failing the test unless that step is not critical', async () => {
    const flaky = { name: 'Optional recommendations', request: { method: 'GET', url: 'http://shop.test/api/recommendations' }, assertions: [statusIs(200)], allowFailure: true };
    const critical = await runApiTest(multistep([login, flaky, me]), { ...fakeShop(shop), retries: false });
    expect(critical.steps.map((step) => step.passed)).toEqual([true, false, true]);
    expect(critical.passed).toBe(false);
    const optional = await runApiTest(multistep([login, { ...flaky, isCritical: false }, me]), { ...fakeShop(shop), retries: false });
    expect(optional.passed).toBe(true);
  });

  it('fails the step whose value cannot be extracted, and never sends the unresolved variable', async () => {
    const fake = fakeShop((request) => (request.url.endsWith('/api/auth/login') ? { json: { notAToken: true } } : shop(request)));
    const result = await runApiTest(multistep([login, me]), { ...fake, retries: false });
    expect(result.passed).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.error).toBe('extraction failed: TOKEN: $.token matched nothing in the body');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a request that got no answer', async () => {
    const result = await runApiTest(multistep([login]), {
      send: async () => {
        throw new RequestError('connection refused', '77', 3);
      },
      retries: false,
    });
    expect(result.steps[0]).toMatchObject({ passed: false, error: 'connection refused', traceId: '77' });
    expect(formatTest(result)).toContain('        ✗ connection refused');
  });

  it('retries the whole test per options.retry, with fresh variables, before it counts as failed', async () => {
    let calls = 0;
    const fake = fakeShop((request) => (++calls === 1 ? { status: 503 } : shop(request)));
    const result = await runApiTest(multistep([login, me], { count: 1, interval: 10 }), fake);
    expect(result).toMatchObject({ passed: true, attempts: 2 });
    expect(fake.requests[0]?.body).not.toBe(fake.requests[1]?.body);

    const alwaysDown = await runApiTest(multistep([login], { count: 2, interval: 10 }), fakeShop(() => ({ status: 503 })));
    expect(alwaysDown).toMatchObject({ passed: false, attempts: 3 });
    expect(formatTest(alwaysDown)[0]).toMatch(/, 3 attempts$/);
  });

  it('masks secure variables in what it reports', async () => {
    const fake = fakeShop((request) => (request.url.includes('/api/me') ? { json: { email: 'someone-else', echoed: request.headers.authorization } } : shop(request)));
    const echo = { ...me, request: { ...me.request, url: 'http://shop.test/api/me?token={{ TOKEN }}' }, assertions: [jsonPathIs('$.echoed', 'nothing')] };
    const result = await runApiTest(multistep([login, echo]), { ...fake, retries: false });
    const report = JSON.stringify(result);
    expect(report).not.toContain('jwt.for.');
    expect(result.steps[1]?.url).toBe('http://shop.test/api/me?token=********');
    expect(result.steps[1]?.assertions[0]?.actual).toBe('Bearer ********');
  });
});

describe('a single-request test', () => {
  const health: SyntheticsApiDefinition = {
    kind: 'synthetics-api',
    key: 'fake-health',
    body: {
      type: 'api',
      subtype: 'http',
      name: 'Health',
      message: '',
      locations: [],
      options: {},
      config: { request: { method: 'GET', url: 'http://shop.test/api/health', timeout: 5 }, assertions: [statusIs(200), jsonPathIs('$.status', 'ok')] },
    },
  };

  it('sends the request with its timeout and passes when every assertion does', async () => {
    const fake = fakeShop(() => ({ json: { status: 'ok' } }));
    const result = await runApiTest(health, fake);
    expect(result).toMatchObject({ passed: true, subtype: 'http', steps: [{ name: 'Health', status: 200 }] });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', url: 'http://shop.test/api/health', timeoutMs: 5_000, followRedirects: true });
  });

  it('fails when one assertion fails, and the summary counts it', async () => {
    const result = await runApiTest(health, fakeShop(() => ({ status: 503, json: { status: 'degraded' } })));
    expect(result.passed).toBe(false);
    expect(result.steps[0]?.assertions.map((assertion) => assertion.passed)).toEqual([false, false]);
    const report = summarize('http://shop.test', new Date(), 12, [result]);
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(formatSummary(report)).toBe('✗ 0 of 1 synthetic tests passed (1 failing) in 12 ms');
  });
});
