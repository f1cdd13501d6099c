// What the tool must get right about a real organisation beyond one env's happy path: two envs side by side,
// the monitors Datadog makes for synthetic tests, deletions of what is already gone, fields a definition stops
// setting, secure values Datadog hides, and deletion order (the fake refuses what Datadog refuses).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../cli/load-definitions';
import { allDefinitions } from '../definitions';
import { settingsFromEnv } from '../definitions/settings';
import type { Definition, MonitorDefinition, SyntheticsApiDefinition } from '../definitions/types';
import { FAKE_KEYS, startHarness, type Harness } from '../testing/cli-harness';
import type { Collection } from '../testing/fake-datadog';
import { FIXTURE_WEBHOOK_SECRET, fixtureDefinitions } from '../testing/fixtures';
import type { JsonObject } from './wire';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.stop();
});

const writes = () => harness.fake.writes().map((request) => `${request.method} ${request.path}`);
const tagsOf = (object: JsonObject): string[] => (Array.isArray(object.tags) ? object.tags.map(String) : []);
const descriptionOf = (object: JsonObject): string => String(object.description ?? '');

async function run(argv: string[], options: { scope?: string; definitions?: Definition[] } = {}) {
  const result = await harness.run(argv, options);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return result;
}

describe('two environments in one organisation', () => {
  it('plans only creates for the second env, and destroying the first leaves the second whole', async () => {
    await run(['apply'], { scope: 'test' });
    const created = harness.fake.objects('monitors').length;
    harness.fake.clearRequests();

    const planned = await run(['plan'], { scope: 'staging' });
    expect(planned.out).toContain('Plan: 10 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(planned.out).not.toMatch(/^(update|delete)\s/m);
    expect(planned.out).toMatch(/^create\s+webhook\s+shopfast-incident-staging\s/m);
    expect(planned.out).toMatch(/^create\s+webhook-secret\s+SHOPFAST_WEBHOOK_SECRET_STAGING\s/m);
    expect(writes()).toEqual([]);

    await run(['apply'], { scope: 'staging' });
    expect(harness.fake.objects('monitors')).toHaveLength(2 * created);
    await run(['destroy'], { scope: 'test' });

    const left = (collection: Collection) => harness.fake.objects(collection);
    for (const collection of ['monitors', 'slos', 'tests'] as const) {
      expect(left(collection).length, collection).toBeGreaterThan(0);
      for (const object of left(collection)) expect(tagsOf(object), collection).toContain('managed_env:staging');
    }
    expect(left('dashboards').map(descriptionOf)).toEqual([expect.stringMatching(/managed_env:staging managed_key:operations$/)]);
    expect(left('webhooks').map((object) => object.name)).toEqual(['shopfast-incident-staging']);
    expect(left('variables').map((object) => object.name)).toEqual(['SHOPFAST_WEBHOOK_SECRET_STAGING', 'SHOPFAST_WEBHOOK_SHA256_STAGING']);
    expect((await run(['plan'], { scope: 'staging' })).out).toContain('No changes');
  });

  it('does the same with the real definitions of prod and staging', { timeout: 30_000 }, async () => {
    const render = (env: string) => allDefinitions(settingsFromEnv({ DD_ENV: env, SHOPFAST_PUBLIC_URL: `https://${env}.shop.example.com` }, { publish: true }));
    const prod = render('prod');
    const staging = render('staging');
    await run(['apply'], { scope: 'prod', definitions: prod });
    harness.fake.clearRequests();

    const planned = await run(['plan'], { scope: 'staging', definitions: staging });

    expect(planned.out).toContain(`Plan: ${staging.length + 1} to create, 0 to update, 0 to delete, 0 unchanged.`);
    await run(['apply'], { scope: 'staging', definitions: staging });
    await run(['destroy'], { scope: 'prod', definitions: prod });
    expect((await run(['plan'], { scope: 'staging', definitions: staging })).out).toContain(
      `No changes: the organisation matches the definitions (0 to create, 0 to update, 0 to delete, ${staging.length + 1} unchanged).`,
    );
  });

  it('keeps envs apart whose names differ by punctuation or a -sha256 suffix: webhooks and variables never collide', async () => {
    const envs = ['prod', 'prod-sha256', 'prod-eu'];
    for (const env of envs) await run(['apply'], { scope: env });

    const names = (collection: Collection) => harness.fake.objects(collection).map((object) => String(object.name)).sort();
    expect(names('webhooks')).toEqual(['shopfast-incident-prod', 'shopfast-incident-prod-eu', 'shopfast-incident-prod-sha256']);
    expect(names('variables')).toEqual([
      'SHOPFAST_WEBHOOK_SECRET_PROD',
      'SHOPFAST_WEBHOOK_SECRET_PROD_EU',
      'SHOPFAST_WEBHOOK_SECRET_PROD_SHA256',
      'SHOPFAST_WEBHOOK_SHA256_PROD',
      'SHOPFAST_WEBHOOK_SHA256_PROD_EU',
      'SHOPFAST_WEBHOOK_SHA256_PROD_SHA256',
    ]);
    for (const env of envs) expect((await run(['plan'], { scope: env })).out, env).toContain('No changes');

    // prod.eu and prod_eu would be prod-eu's webhook and secret: refused before any request.
    harness.fake.clearRequests();
    for (const env of ['prod.eu', 'prod_eu']) {
      const settings = { ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET, DD_ENV: env, SHOPFAST_PUBLIC_URL: 'https://eu.shop.example.com' };
      const refused = await harness.run(['apply'], { env: settings, deps: { loadDefinitions } });
      expect(refused.code, env).toBe(2);
      expect(refused.err).toContain('DD_ENV: lower-case letters, digits and -, starting with a letter');
    }
    expect(harness.fake.requests).toEqual([]);

    await run(['destroy'], { scope: 'prod' });
    expect(names('variables')).toEqual(['SHOPFAST_WEBHOOK_SECRET_PROD_EU', 'SHOPFAST_WEBHOOK_SECRET_PROD_SHA256', 'SHOPFAST_WEBHOOK_SHA256_PROD_EU', 'SHOPFAST_WEBHOOK_SHA256_PROD_SHA256']);
    for (const env of ['prod-sha256', 'prod-eu']) expect((await run(['plan'], { scope: env })).out, env).toContain('No changes');
  });

  it('reports the webhook and secret variable of the tool before envs were scoped, and leaves them alone', async () => {
    harness.fake.insert('webhooks', { name: 'shopfast-incident', url: 'https://shop.example.com/api/webhooks/datadog', custom_headers: '{"x-shopfast-webhook-secret":"$SHOPFAST_WEBHOOK_SECRET"}' });
    harness.fake.insert('variables', { name: 'SHOPFAST_WEBHOOK_SECRET', value: FIXTURE_WEBHOOK_SECRET, is_secret: true });

    const planned = await run(['plan']);
    await run(['apply']);
    const destroyed = await run(['destroy']);

    for (const out of [planned.out, destroyed.out]) {
      expect(out).toContain('warning: webhook shopfast-incident (made before envs were scoped, without an env in its name): left alone');
      expect(out).toContain('warning: webhook variable SHOPFAST_WEBHOOK_SECRET (made before envs were scoped; each env now has its own SHOPFAST_WEBHOOK_SECRET_<ENV>): left alone');
    }
    expect(harness.fake.objects('webhooks').map((object) => object.name)).toEqual(['shopfast-incident']);
    expect(harness.fake.objects('variables').map((object) => object.name)).toEqual(['SHOPFAST_WEBHOOK_SECRET']);
  });

  it('leaves an object marked before envs were scoped alone, and says so', async () => {
    const legacy = harness.fake.insert('monitors', { name: 'Old', type: 'query alert', query: 'avg(last_5m):avg:system.load.1{*} > 5', message: '', tags: ['managed-by:shopfast', 'managed_key:old'] });

    const planned = await run(['plan']);
    const destroyed = await run(['destroy']);

    expect(planned.out).toContain(`warning: monitor ${legacy} "Old" has the managed-by marker but no managed_env:<env>`);
    expect(destroyed.out).toContain(`warning: monitor ${legacy} "Old"`);
    expect(harness.fake.objects('monitors').map((object) => String(object.id))).toEqual([legacy]);
  });
});

describe("synthetic tests' own monitors", () => {
  it('are neither planned for deletion nor deleted: Datadog deletes them with their test', async () => {
    await run(['apply']);
    const synthetics = harness.fake.objects('monitors').filter((object) => object.type === 'synthetics alert');
    // Datadog gives them the test's tags, marker included: exactly what made plan want to delete them.
    expect(synthetics.map((object) => tagsOf(object).find((tag) => tag.startsWith('managed_key:')))).toEqual(['managed_key:health', 'managed_key:checkout-journey']);
    harness.fake.clearRequests();

    expect((await run(['plan'])).out).toContain('No changes');
    const destroyed = await run(['destroy']);

    expect(destroyed.out).not.toContain('already gone');
    for (const monitor of synthetics) expect(writes()).not.toContain(`DELETE /api/v1/monitor/${String(monitor.id)}`);
    expect(harness.fake.objects('monitors')).toEqual([]);
    expect(harness.fake.objects('tests')).toEqual([]);
  });
});

describe('deleting what is already gone', () => {
  it('counts a 404 on a deletion as done and goes on', async () => {
    await run(['apply']);
    const dashboard = harness.fake.objects('dashboards')[0] as JsonObject;
    harness.fake.refuseNext('DELETE', `/api/v1/dashboard/${String(dashboard.id)}`, 404, 'Not found');

    const destroyed = await run(['destroy']);

    expect(destroyed.out).toContain(`deleted dashboard operations (id ${String(dashboard.id)}, already gone)`);
    expect(destroyed.out).toContain('Done: 10 change(s).');
    expect(harness.fake.objects('monitors')).toEqual([]);
  });
});

describe('the deletion order Datadog enforces', () => {
  it('is enforced by the fake: an SLO a burn-rate monitor uses, a composite\'s monitor, a test\'s monitor', async () => {
    await run(['apply']);
    const byKey = (key: string) => harness.fake.objects('monitors').find((object) => tagsOf(object).includes(`managed_key:${key}`) && object.type !== 'synthetics alert') as JsonObject;
    const slo = harness.fake.objects('slos')[0] as JsonObject;
    const testMonitor = harness.fake.objects('monitors').find((object) => object.type === 'synthetics alert') as JsonObject;
    const remove = (path: string) =>
      fetch(`${harness.url}${path}`, { method: 'DELETE', headers: { 'dd-api-key': FAKE_KEYS.DD_API_KEY, 'dd-application-key': FAKE_KEYS.DD_APP_KEY } });

    expect((await remove(`/api/v1/slo/${String(slo.id)}`)).status).toBe(409);
    expect((await remove(`/api/v1/monitor/${String(byKey('checkout-errors').id)}`)).status).toBe(400);
    expect((await remove(`/api/v1/monitor/${String(testMonitor.id)}`)).status).toBe(400);
    expect((await remove(`/api/v1/monitor/${String(byKey('checkout-errors-while-traffic-flat').id)}`)).status).toBe(200);
    expect((await remove(`/api/v1/monitor/${String(byKey('checkout-errors').id)}`)).status).toBe(200);
  });
});

describe('fields a definition stops setting', () => {
  const withErrors = (change: (monitor: MonitorDefinition) => MonitorDefinition) =>
    fixtureDefinitions().map((definition) => (definition.kind === 'monitor' && definition.key === 'checkout-errors' ? change(definition) : definition));

  it('are planned as removed from the options and thresholds the definition owns, and removed by apply', async () => {
    const before = withErrors((monitor) => ({
      ...monitor,
      body: { ...monitor.body, options: { thresholds: { critical: 0.05, warning: 0.03 }, notifyNoData: false, renotifyInterval: 30, escalationMessage: 'Still failing.' } },
    }));
    const after = withErrors((monitor) => ({ ...monitor, body: { ...monitor.body, options: { thresholds: { critical: 0.05 }, notifyNoData: false } } }));
    await run(['apply'], { definitions: before });
    harness.fake.clearRequests();

    const planned = await run(['plan'], { definitions: after });
    expect(planned.out).toContain('~ options.thresholds.warning: 0.03 -> (absent)');
    expect(planned.out).toContain('~ options.renotify_interval: 30 -> (absent)');
    expect(planned.out).toContain('~ options.escalation_message: "Still failing." -> (absent)');
    expect(planned.out).toContain('Plan: 0 to create, 1 to update, 0 to delete, 9 unchanged.');

    await run(['apply'], { definitions: after });
    const stored = harness.fake.objects('monitors').find((object) => tagsOf(object).includes('managed_key:checkout-errors'));
    expect(stored?.options).toEqual({ notify_audit: false, include_tags: true, new_host_delay: 300, silenced: {}, thresholds: { critical: 0.05 }, notify_no_data: false });
    expect((await run(['plan'], { definitions: after })).out).toContain('No changes');
  });
});

describe('secure synthetic variables', () => {
  it('are returned without their example, so a definition that sets one would be updated on every plan', async () => {
    const withExample = fixtureDefinitions().map((definition) => {
      if (definition.kind !== 'synthetics-api') return definition;
      const test: SyntheticsApiDefinition = { ...definition, body: { ...definition.body, config: { ...definition.body.config, configVariables: [{ name: 'PASSWORD', type: 'text', pattern: '{{ alphanumeric(20) }}', example: 'x', secure: true }] } } };
      return test;
    });
    const without = withExample.map((definition) => {
      if (definition.kind !== 'synthetics-api') return definition;
      return { ...definition, body: { ...definition.body, config: { ...definition.body.config, configVariables: [{ name: 'PASSWORD', type: 'text' as const, pattern: '{{ alphanumeric(20) }}', secure: true }] } } };
    });

    await run(['apply'], { definitions: withExample });
    expect((await run(['plan'], { definitions: withExample })).out).toContain('~ config.configVariables[0].example: (absent) -> "x"');
    expect((await run(['plan'], { definitions: without })).out).toContain('No changes');
  });
});
