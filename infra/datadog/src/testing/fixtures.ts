// A small set of definitions with one of everything the tool handles (each kind, a composite monitor over two
// monitors, a burn-rate monitor over an SLO, the webhook and its secret), so the sync and export tests know
// exactly which requests and resources to expect. The real definitions (src/definitions) are tested with the
// same tool by the offline plan and the exports. Rendered for an env (default `test`), like the real ones: the
// webhook's name and secret variable carry it (definitions/webhook.ts), so two envs can share a fake organisation.
import { WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import type { Definition } from '../definitions/types';
import { webhookHandle, webhookName, webhookSecretVariable } from '../definitions/webhook';

export const FIXTURE_WEBHOOK_SECRET = 'fixture-secret-0123456789-abcdefghijklmnop';
export const FIXTURE_ENV = 'test';

export function fixtureDefinitions(env: string = FIXTURE_ENV): Definition[] {
  const tags = ['team:shopfast', `env:${env}`];
  const handle = webhookHandle(env);
  return [
    {
      kind: 'webhook',
      key: webhookName(env),
      body: {
        name: webhookName(env),
        url: 'https://shop.example.com/api/webhooks/datadog',
        encodeAs: 'json',
        payload: JSON.stringify({ id: '$ID', transition: '$ALERT_TRANSITION' }),
        customHeaders: JSON.stringify({ [WEBHOOK_SECRET_HEADER]: `$${webhookSecretVariable(env)}` }),
      },
    },
    {
      kind: 'dashboard',
      key: 'operations',
      body: {
        title: 'ShopFast operations',
        description: 'Requests and errors per service.',
        layoutType: 'ordered',
        widgets: [
          {
            definition: {
              type: 'timeseries',
              title: 'Requests',
              requests: [{ q: `sum:trace.express.request.hits{env:${env}} by {service}.as_count()`, displayType: 'bars' }],
            },
          },
        ],
      },
    },
    {
      kind: 'monitor',
      key: 'checkout-errors-while-traffic-flat',
      body: {
        name: 'Checkout errors while traffic is flat',
        type: 'composite',
        query: '${monitor:checkout-errors} && !${monitor:traffic-growth}',
        message: `Errors without a traffic surge. ${handle}`,
        tags: [...tags, 'alert:error_rate_spike'],
        priority: 1,
      },
    },
    {
      kind: 'monitor',
      key: 'checkout-errors',
      body: {
        name: 'Checkout error rate over 5 %',
        type: 'query alert',
        query: `sum(last_5m):sum:trace.express.request.errors{env:${env},service:order}.as_count() / sum:trace.express.request.hits{env:${env},service:order}.as_count() > 0.05`,
        message: `Checkout errors. ${handle}`,
        tags: [...tags, 'service:order', 'alert:error_rate_spike'],
        options: { thresholds: { critical: 0.05 }, notifyNoData: false, renotifyInterval: 30 },
      },
    },
    {
      kind: 'monitor',
      key: 'traffic-growth',
      body: {
        name: 'Traffic grew by half',
        type: 'query alert',
        query: `pct_change(avg(last_10m),last_1h):sum:trace.express.request.hits{env:${env}}.as_count() > 50`,
        message: 'Traffic surge.',
        tags,
        options: { thresholds: { critical: 50 } },
      },
    },
    {
      kind: 'slo',
      key: 'checkout-availability',
      body: {
        name: 'Checkout availability',
        type: 'metric',
        description: 'Checkouts answered without a server error.',
        query: {
          numerator: `sum:trace.express.request.hits{env:${env},service:gateway}.as_count() - sum:trace.express.request.errors{env:${env},service:gateway}.as_count()`,
          denominator: `sum:trace.express.request.hits{env:${env},service:gateway}.as_count()`,
        },
        thresholds: [
          { timeframe: '7d', target: 99.9, warning: 99.95 },
          { timeframe: '30d', target: 99.9, warning: 99.95 },
        ],
        tags,
      },
    },
    {
      kind: 'monitor',
      key: 'checkout-availability-burn',
      body: {
        name: 'Checkout availability SLO burning fast',
        type: 'slo alert',
        query: 'burn_rate("${slo:checkout-availability}").over("30d").long_window("1h").short_window("5m") > 14.4',
        message: `Burning. ${handle}`,
        tags,
        options: { thresholds: { critical: 14.4 } },
      },
    },
    {
      kind: 'synthetics-api',
      key: 'health',
      body: {
        name: 'Gateway health',
        type: 'api',
        subtype: 'http',
        message: `Health check failing. ${handle}`,
        locations: ['aws:eu-central-1'],
        tags,
        options: { tickEvery: 300 },
        config: {
          request: { method: 'GET', url: 'https://shop.example.com/api/health' },
          assertions: [{ type: 'statusCode', operator: 'is', target: 200 }],
        },
      },
    },
    {
      kind: 'synthetics-browser',
      key: 'checkout-journey',
      body: {
        name: 'Checkout in a browser',
        type: 'browser',
        message: 'The checkout journey fails.',
        locations: ['aws:eu-central-1'],
        tags,
        options: { tickEvery: 1800, deviceIds: ['chrome.laptop_large'] },
        config: { request: { method: 'GET', url: 'https://shop.example.com/' }, assertions: [] },
        steps: [{ name: 'Open the shop', type: 'goToUrl', params: { value: 'https://shop.example.com/' }, allowFailure: false, isCritical: true }],
      },
    },
  ];
}
