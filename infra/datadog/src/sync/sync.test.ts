// plan, apply and destroy against a local server that plays the Datadog API (src/testing/fake-datadog.ts), with
// the fixture definitions of env `test`: one of each kind, a composite over two monitors, a burn-rate monitor
// over an SLO. Environments, synthetic tests' own monitors and removed fields: scope.test.ts.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import { startHarness, FAKE_KEYS, type Harness } from '../testing/cli-harness';
import type { JsonObject } from './wire';
import { FIXTURE_WEBHOOK_SECRET, fixtureDefinitions } from '../testing/fixtures';
import type { Collection } from '../testing/fake-datadog';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.stop();
});

const VARIABLES = '/api/v1/integration/webhooks/configuration/custom-variables';
const WEBHOOKS = '/api/v1/integration/webhooks/configuration/webhooks';
const SECRET = 'SHOPFAST_WEBHOOK_SECRET_TEST';
const FINGERPRINT = 'SHOPFAST_WEBHOOK_SHA256_TEST';
const MARKER = (key: string) => ['managed-by:shopfast', 'managed_env:test', `managed_key:${key}`];

/** The stored object whose tags (or description) carry `managed_key:<key>`. */
function managed(collection: Collection, key: string): JsonObject {
  const found = harness.fake.objects(collection).find((object) => {
    const tags = Array.isArray(object.tags) ? object.tags : [];
    return tags.includes(`managed_key:${key}`) || String(object.description ?? '').endsWith(`managed_key:${key}`);
  });
  if (!found) throw new Error(`no managed ${collection} ${key}`);
  return found;
}

const writes = () => harness.fake.writes().map((request) => `${request.method} ${request.path}`);

async function apply(env?: NodeJS.ProcessEnv) {
  const result = await harness.run(['apply'], env ? { env } : {});
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return result;
}

describe('plan', () => {
  it('lists every definition as a create on an empty organisation, and only reads', async () => {
    const result = await harness.run(['plan']);

    expect(result.code).toBe(0);
    for (const definition of fixtureDefinitions()) expect(result.out).toMatch(new RegExp(`^create\\s+${definition.kind}\\s+${definition.key}\\s`, 'm'));
    expect(result.out).toMatch(/^create\s+webhook-secret\s+SHOPFAST_WEBHOOK_SECRET_TEST\s/m);
    expect(result.out).toContain('Plan: 10 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(harness.fake.requests.map((request) => [request.method, request.path, request.query])).toEqual([
      ['GET', '/api/v1/monitor', { monitor_tags: 'managed-by:shopfast', page: '0', page_size: '100' }],
      ['GET', '/api/v1/slo', { tags_query: 'managed-by:shopfast', limit: '1000' }],
      ['GET', '/api/v1/dashboard', { count: '100' }],
      ['GET', '/api/v1/synthetics/tests', { page_size: '100', page_number: '0' }],
      ['GET', `${WEBHOOKS}/shopfast-incident-test`, {}],
      ['GET', `${VARIABLES}/${SECRET}`, {}],
      ['GET', `${VARIABLES}/${FINGERPRINT}`, {}],
      // The webhook and variable of the tool before envs were scoped: reported when they exist.
      ['GET', `${WEBHOOKS}/shopfast-incident`, {}],
      ['GET', `${VARIABLES}/SHOPFAST_WEBHOOK_SECRET`, {}],
    ]);
    for (const request of harness.fake.requests) {
      expect(request.headers['dd-api-key']).toBe(FAKE_KEYS.DD_API_KEY);
      expect(request.headers['dd-application-key']).toBe(FAKE_KEYS.DD_APP_KEY);
    }
  });
});

describe('apply', () => {
  it('creates what is referred to first, substitutes the ids and marks every object', async () => {
    await apply();

    expect(writes()).toEqual([
      `POST ${VARIABLES}`,
      `POST ${VARIABLES}`,
      `POST ${WEBHOOKS}`,
      'POST /api/v1/dashboard',
      'POST /api/v1/monitor',
      'POST /api/v1/monitor',
      'POST /api/v1/monitor',
      'POST /api/v1/slo',
      'POST /api/v1/monitor',
      'POST /api/v1/synthetics/tests/api',
      'POST /api/v1/synthetics/tests/browser',
    ]);
    const bodies = harness.fake.writes().map((request) => request.body as JsonObject);
    const errors = managed('monitors', 'checkout-errors').id;
    const traffic = managed('monitors', 'traffic-growth').id;
    const slo = managed('slos', 'checkout-availability').id;
    const shop = 'https://shop.example.com';
    expect(bodies).toEqual([
      { name: SECRET, value: FIXTURE_WEBHOOK_SECRET, is_secret: true },
      { name: FINGERPRINT, value: createHash('sha256').update(FIXTURE_WEBHOOK_SECRET).digest('hex').slice(0, 16), is_secret: false },
      {
        name: 'shopfast-incident-test',
        url: `${shop}/api/webhooks/datadog`,
        encode_as: 'json',
        payload: '{"id":"$ID","transition":"$ALERT_TRANSITION"}',
        custom_headers: `{"x-shopfast-webhook-secret":"$${SECRET}"}`,
      },
      {
        title: 'ShopFast operations',
        description: 'Requests and errors per service.\n\nmanaged-by:shopfast managed_env:test managed_key:operations',
        layout_type: 'ordered',
        widgets: [
          {
            definition: {
              type: 'timeseries',
              title: 'Requests',
              requests: [{ q: 'sum:trace.express.request.hits{env:test} by {service}.as_count()', display_type: 'bars' }],
            },
          },
        ],
      },
      {
        name: 'Checkout error rate over 5 %',
        type: 'query alert',
        query:
          'sum(last_5m):sum:trace.express.request.errors{env:test,service:order}.as_count() / sum:trace.express.request.hits{env:test,service:order}.as_count() > 0.05',
        message: 'Checkout errors. @webhook-shopfast-incident-test',
        tags: ['team:shopfast', 'env:test', 'service:order', 'alert:error_rate_spike', ...MARKER('checkout-errors')],
        options: { thresholds: { critical: 0.05 }, notify_no_data: false, renotify_interval: 30 },
      },
      {
        name: 'Traffic grew by half',
        type: 'query alert',
        query: 'pct_change(avg(last_10m),last_1h):sum:trace.express.request.hits{env:test}.as_count() > 50',
        message: 'Traffic surge.',
        tags: ['team:shopfast', 'env:test', ...MARKER('traffic-growth')],
        options: { thresholds: { critical: 50 } },
      },
      {
        // The composite, with the ids of the two monitors created just before.
        name: 'Checkout errors while traffic is flat',
        type: 'composite',
        query: `${errors} && !${traffic}`,
        message: 'Errors without a traffic surge. @webhook-shopfast-incident-test',
        tags: ['team:shopfast', 'env:test', 'alert:error_rate_spike', ...MARKER('checkout-errors-while-traffic-flat')],
        priority: 1,
      },
      {
        name: 'Checkout availability',
        type: 'metric',
        description: 'Checkouts answered without a server error.',
        query: {
          numerator: 'sum:trace.express.request.hits{env:test,service:gateway}.as_count() - sum:trace.express.request.errors{env:test,service:gateway}.as_count()',
          denominator: 'sum:trace.express.request.hits{env:test,service:gateway}.as_count()',
        },
        thresholds: [
          { timeframe: '7d', target: 99.9, warning: 99.95 },
          { timeframe: '30d', target: 99.9, warning: 99.95 },
        ],
        tags: ['team:shopfast', 'env:test', ...MARKER('checkout-availability')],
      },
      {
        // The burn-rate monitor, with the id of the SLO created just before.
        name: 'Checkout availability SLO burning fast',
        type: 'slo alert',
        query: `burn_rate("${slo}").over("30d").long_window("1h").short_window("5m") > 14.4`,
        message: 'Burning. @webhook-shopfast-incident-test',
        tags: ['team:shopfast', 'env:test', ...MARKER('checkout-availability-burn')],
        options: { thresholds: { critical: 14.4 } },
      },
      {
        name: 'Gateway health',
        type: 'api',
        subtype: 'http',
        message: 'Health check failing. @webhook-shopfast-incident-test',
        locations: ['aws:eu-central-1'],
        tags: ['team:shopfast', 'env:test', ...MARKER('health')],
        options: { tick_every: 300 },
        config: { request: { method: 'GET', url: `${shop}/api/health` }, assertions: [{ type: 'statusCode', operator: 'is', target: 200 }] },
      },
      {
        name: 'Checkout in a browser',
        type: 'browser',
        message: 'The checkout journey fails.',
        locations: ['aws:eu-central-1'],
        tags: ['team:shopfast', 'env:test', ...MARKER('checkout-journey')],
        options: { tick_every: 1800, device_ids: ['chrome.laptop_large'] },
        config: { request: { method: 'GET', url: `${shop}/` }, assertions: [] },
        // Browser steps are camelCase in Datadog's API itself (allowFailure, isCritical).
        steps: [{ name: 'Open the shop', type: 'goToUrl', params: { value: `${shop}/` }, allowFailure: false, isCritical: true }],
      },
    ]);
    expect(harness.fake.writes().every((request) => request.headers['x-datadog-managed-by'] === 'iac')).toBe(true);
  });

  it('makes no write request the second time', async () => {
    await apply();
    harness.fake.clearRequests();

    const second = await apply();

    expect(writes()).toEqual([]);
    expect(second.out).toContain('No changes: the organisation matches the definitions (0 to create, 0 to update, 0 to delete, 10 unchanged).');
  });

  it('plans an out-of-band change as an update of the changed fields, applies it, and is then in step', async () => {
    await apply();
    const monitor = managed('monitors', 'checkout-errors');
    harness.fake.edit('monitors', String(monitor.id), (object) => {
      (object.options as { thresholds: { critical: number } }).thresholds.critical = 0.2;
      object.tags = ['team:shopfast', 'env:test', ...MARKER('checkout-errors')];
    });
    harness.fake.clearRequests();

    const plan = await harness.run(['plan']);
    expect(plan.out).toMatch(new RegExp(`^update\\s+monitor\\s+checkout-errors\\s+${monitor.id}\\s`, 'm'));
    expect(plan.out).toContain('~ options.thresholds.critical: 0.2 -> 0.05');
    expect(plan.out).toContain('~ tags: ');
    expect(plan.out).toContain('Plan: 0 to create, 1 to update, 0 to delete, 9 unchanged.');

    harness.fake.clearRequests();
    await apply();
    expect(writes()).toEqual([`PUT /api/v1/monitor/${monitor.id}`]);
    expect((harness.fake.writes()[0]?.body as JsonObject).options).toEqual({ thresholds: { critical: 0.05 }, notify_no_data: false, renotify_interval: 30 });
    expect(managed('monitors', 'checkout-errors').options).toMatchObject({ thresholds: { critical: 0.05 } });

    harness.fake.clearRequests();
    expect((await harness.run(['plan'])).out).toContain('No changes');
  });

  it('applies the real definitions, each by its own endpoint, and then has nothing left to change', async () => {
    const definitions = allDefinitions(settingsFromEnv({}));

    const first = await harness.run(['apply'], { definitions, scope: 'docker' });
    expect(first.err).toBe('');
    expect(harness.fake.writes()).toHaveLength(definitions.length + 2);
    harness.fake.clearRequests();
    const second = await harness.run(['apply'], { definitions, scope: 'docker' });

    expect(second.out).toContain(`No changes: the organisation matches the definitions (0 to create, 0 to update, 0 to delete, ${definitions.length + 1} unchanged).`);
    expect(writes()).toEqual([]);
  });

  it('never touches an unmanaged object, even one with the same name', async () => {
    const monitorId = harness.fake.insert('monitors', {
      name: 'Checkout error rate over 5 %',
      type: 'query alert',
      query: 'avg(last_5m):avg:system.load.1{*} > 5',
      message: 'someone else',
      tags: ['team:payments'],
    });
    const dashboardId = harness.fake.insert('dashboards', { title: 'ShopFast operations', layout_type: 'ordered', widgets: [], description: 'Not ours.' });
    const testId = harness.fake.insert('tests', { name: 'Gateway health', type: 'api', subtype: 'http', locations: [], message: '', options: {}, config: {}, tags: ['team:other'] });

    await apply();
    await apply();
    expect((await harness.run(['destroy'])).code).toBe(0);

    for (const id of [monitorId, dashboardId, testId]) {
      expect(harness.fake.requests.filter((request) => request.path.includes(id) || JSON.stringify(request.body ?? '').includes(id))).toEqual([]);
    }
    // The unmanaged test's own monitor (Datadog makes one per test) is left alone with it.
    const testMonitor = String(harness.fake.objects('tests').find((object) => object.public_id === testId)?.monitor_id);
    expect(harness.fake.objects('monitors').map((object) => String(object.id))).toEqual([monitorId, testMonitor]);
    expect(harness.fake.objects('dashboards').map((object) => object.id)).toEqual([dashboardId]);
    expect(harness.fake.objects('tests').map((object) => object.public_id)).toEqual([testId]);
  });

  it('leaves a webhook of the same name that it did not create alone, and refuses to apply', async () => {
    harness.fake.insert('webhooks', { name: 'shopfast-incident-test', url: 'https://pager.example.com/hook', custom_headers: '{"authorization":"Bearer $THEIRS"}' });

    const applied = await harness.run(['apply']);
    const destroyed = await harness.run(['destroy']);

    expect(applied.code).toBe(1);
    expect(applied.err).toContain('cannot plan: the organisation has a webhook named shopfast-incident-test that this tool did not create');
    expect(destroyed.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(harness.fake.objects('webhooks')).toEqual([{ name: 'shopfast-incident-test', url: 'https://pager.example.com/hook', custom_headers: '{"authorization":"Bearer $THEIRS"}' }]);
  });

  it('deletes a managed object that is no longer defined', async () => {
    await apply();
    const orphan = harness.fake.insert('monitors', {
      name: 'Old monitor',
      type: 'query alert',
      query: 'avg(last_5m):avg:system.load.1{*} > 5',
      message: '',
      tags: MARKER('old-monitor'),
    });
    harness.fake.clearRequests();

    const result = await apply();

    expect(result.out).toMatch(new RegExp(`^delete\\s+monitor\\s+old-monitor\\s+${orphan}\\s`, 'm'));
    expect(writes()).toEqual([`DELETE /api/v1/monitor/${orphan}`]);
  });

  it('leaves a copy that carries the same managed key alone, with a warning', async () => {
    await apply();
    const original = managed('monitors', 'traffic-growth');
    const { id: _id, ...copy } = original;
    const copyId = harness.fake.insert('monitors', { ...copy, name: 'Copy of traffic grew by half' });
    harness.fake.clearRequests();

    const result = await apply();

    expect(result.out).toContain(`warning: monitor ${copyId} "Copy of traffic grew by half" carries the same managed key as ${original.id}`);
    expect(writes()).toEqual([]);
  });

  it('writes the webhook secret again when it changed, and not when it did not', async () => {
    await apply();
    const rotated = 'rotated-secret-9876543210-ZYXWVUTSRQPONMLK';
    harness.fake.clearRequests();

    const result = await apply({ ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: rotated });

    expect(result.out).toMatch(/^update\s+webhook-secret\s+SHOPFAST_WEBHOOK_SECRET_TEST\s/m);
    expect(harness.fake.writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['PUT', `${VARIABLES}/${SECRET}`, { value: rotated, is_secret: true }],
      ['PUT', `${VARIABLES}/${FINGERPRINT}`, { value: createHash('sha256').update(rotated).digest('hex').slice(0, 16), is_secret: false }],
    ]);
    harness.fake.clearRequests();
    await apply({ ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: rotated });
    expect(writes()).toEqual([]);
  });

  it('stops at the first refusal, says what was done, and the next apply finishes the job', async () => {
    harness.fake.refuseNext('POST', '/api/v1/slo', 400, 'Invalid query');

    const failed = await harness.run(['apply']);

    expect(failed.code).toBe(1);
    expect(failed.err).toContain('could not create slo checkout-availability: HTTP 400: Invalid query (6 change(s) made before this one; run plan to see what is left)');
    harness.fake.clearRequests();
    await apply();
    expect(writes()).toEqual(['POST /api/v1/slo', 'POST /api/v1/monitor', 'POST /api/v1/synthetics/tests/api', 'POST /api/v1/synthetics/tests/browser']);
  });
});

describe('destroy', () => {
  // The fake refuses to delete an SLO a burn-rate monitor uses, or a monitor a composite uses, as Datadog does:
  // this passing proves the order.
  it('deletes every managed object, what refers to others first, then the webhook and its variables', async () => {
    await apply();
    const id = (collection: Collection, key: string) => String(managed(collection, key).id ?? managed(collection, key).public_id);
    const ids = {
      dashboard: id('dashboards', 'operations'),
      health: id('tests', 'health'),
      journey: id('tests', 'checkout-journey'),
      composite: id('monitors', 'checkout-errors-while-traffic-flat'),
      burn: id('monitors', 'checkout-availability-burn'),
      slo: id('slos', 'checkout-availability'),
      errors: id('monitors', 'checkout-errors'),
      traffic: id('monitors', 'traffic-growth'),
    };
    harness.fake.clearRequests();

    const result = await harness.run(['destroy'], { env: { ...FAKE_KEYS } });

    expect(result.code).toBe(0);
    expect(harness.fake.writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['DELETE', `/api/v1/dashboard/${ids.dashboard}`, undefined],
      ['POST', '/api/v1/synthetics/tests/delete', { public_ids: [ids.health] }],
      ['POST', '/api/v1/synthetics/tests/delete', { public_ids: [ids.journey] }],
      ['DELETE', `/api/v1/monitor/${ids.composite}`, undefined],
      ['DELETE', `/api/v1/monitor/${ids.burn}`, undefined],
      ['DELETE', `/api/v1/slo/${ids.slo}`, undefined],
      ['DELETE', `/api/v1/monitor/${ids.errors}`, undefined],
      ['DELETE', `/api/v1/monitor/${ids.traffic}`, undefined],
      ['DELETE', `${WEBHOOKS}/shopfast-incident-test`, undefined],
      ['DELETE', `${VARIABLES}/${SECRET}`, undefined],
      ['DELETE', `${VARIABLES}/${FINGERPRINT}`, undefined],
    ]);
    for (const collection of ['monitors', 'slos', 'dashboards', 'tests', 'webhooks', 'variables'] as const) expect(harness.fake.objects(collection)).toEqual([]);
  });
});
