import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { v1 } from '@datadog/datadog-api-client';
import { isCardExpired, passesLuhn } from '@shopfast/contracts';
import { syntheticsApiDefinitions, syntheticsDefinitions } from './synthetics';
import { checkoutJourneySteps } from './synthetics/browser-checkout';
import { SYNTHETICS_RENOTIFY_INTERVALS, SYNTHETIC_REQUEST_HEADERS } from './synthetics/common';
import type { DefinitionSettings, SyntheticsApiDefinition } from './types';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const settings: DefinitionSettings = {
  env: 'prod',
  shopUrl: 'https://shop.example.com',
  webhookUrl: 'https://shop.example.com/api/webhooks/datadog',
  tiers: { critical: { handles: ['@pagerduty-test'] }, performance: { handles: ['@slack-perf'] }, business: { handles: ['@slack-biz'] } },
};
const definitions = syntheticsDefinitions(settings);
const apiDefinitions = syntheticsApiDefinitions(settings);

interface RequestLike {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface StepLike {
  name: string;
  request: RequestLike;
  assertions: unknown[];
  extractedValues?: Array<{ name?: string }>;
}

/** The requests of an API test with what each may use: the steps in order, or the one request. */
function stepsOf(definition: SyntheticsApiDefinition): StepLike[] {
  const config = definition.body.config;
  if (definition.body.subtype === 'multi') return (config.steps ?? []) as StepLike[];
  return [{ name: definition.body.name, request: config.request as RequestLike, assertions: config.assertions ?? [] }];
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((match) => match[1] ?? '');

/** The gateway's public routes (method and Express path), read from its route files. */
function gatewayRoutes(): Array<{ method: string; pattern: RegExp; path: string }> {
  const source = read('gateway/src/routes/api.routes.ts') + read('gateway/src/routes/health.routes.ts');
  return [...source.matchAll(/router\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)].map(([, method = '', path = '']) => ({
    method: method.toUpperCase(),
    path,
    pattern: new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
  }));
}

describe('synthetic test definitions', () => {
  it('defines the API tests, the multistep journeys and the browser test the issue asks for', () => {
    expect(definitions.map((definition) => [definition.kind, definition.key, 'subtype' in definition.body ? definition.body.subtype : 'browser'])).toEqual([
      ['synthetics-api', 'synthetics-health', 'http'],
      ['synthetics-api', 'synthetics-product-listing', 'http'],
      ['synthetics-api', 'synthetics-search', 'http'],
      ['synthetics-api', 'synthetics-product', 'http'],
      ['synthetics-api', 'synthetics-signup', 'http'],
      ['synthetics-api', 'synthetics-login', 'multi'],
      ['synthetics-api', 'synthetics-checkout', 'multi'],
      ['synthetics-browser', 'synthetics-browser-checkout', 'browser'],
    ]);
    expect(apiDefinitions.map((definition) => definition.key)).toEqual(definitions.filter((definition) => definition.kind === 'synthetics-api').map((definition) => definition.key));
  });

  it("serializes to the API's JSON with the client's models (enums, required fields, oneOfs)", () => {
    for (const definition of definitions) {
      const type = definition.kind === 'synthetics-api' ? 'SyntheticsAPITest' : 'SyntheticsBrowserTest';
      const json = v1.ObjectSerializer.serialize(definition.body, type, '') as { options: Record<string, unknown>; tags: string[] };
      expect(json.options.tick_every, definition.key).toBeGreaterThanOrEqual(60);
      expect(json.tags, definition.key).toContain(`managed_key:${definition.key}`);
    }
  });

  it('tags every test as managed, with its key, team, env, tier and alert kind, and routes its message', () => {
    for (const { key, body } of definitions) {
      expect(body.tags, key).toEqual(expect.arrayContaining(['managed-by:shopfast', `managed_key:${key}`, 'team:shopfast', 'env:prod']));
      const tier = body.tags?.find((tag) => tag.startsWith('tier:'))?.slice(5) as keyof DefinitionSettings['tiers'];
      expect(['critical', 'performance', 'business'], key).toContain(tier);
      expect(body.tags?.some((tag) => /^alert:(availability|frontend)$/.test(tag)), key).toBe(true);
      for (const handle of [...settings.tiers[tier].handles, '@webhook-shopfast-incident-prod']) expect(body.message, key).toContain(handle);
      expect(body.name, key).toMatch(/^\[ShopFast prod\] /);
      expect(body.message, key).toContain('{{synthetics.failed_step.name}}');
    }
    expect(new Set(definitions.map((definition) => definition.key)).size).toBe(definitions.length);
  });

  it("re-notifies at an interval a test's monitor takes, with an escalation message that says it", () => {
    const intervals = definitions.map(({ key, body }) => [key, body.options.monitorOptions?.renotifyInterval, body.options.monitorOptions?.escalationMessage]);
    for (const [key, interval, message] of intervals) {
      expect(SYNTHETICS_RENOTIFY_INTERVALS, String(key)).toContain(interval);
      expect(message, String(key)).toContain(`after ${String(interval)} minutes`);
    }
    // The performance tier re-notifies monitors every 15 minutes; a test's monitor takes 10 or 20: the next one up.
    expect(intervals.find(([key]) => key === 'synthetics-search')?.[1]).toBe(20);
    expect(intervals.find(([key]) => key === 'synthetics-health')?.[1]).toBe(10);
    expect(intervals.find(([key]) => key === 'synthetics-signup')?.[1]).toBe(30);
  });

  it('gives no secure variable an example: Datadog never returns one, and the plan would update the test forever', () => {
    for (const definition of definitions) {
      const config = definition.body.config as { configVariables?: Array<{ secure?: boolean; example?: string }>; variables?: Array<{ secure?: boolean; example?: string }> };
      const variables = [...(config.configVariables ?? []), ...(config.variables ?? [])];
      expect(variables.some((variable) => variable.secure), definition.key).toBe(definition.key !== 'synthetics-health' && definition.key !== 'synthetics-product-listing' && definition.key !== 'synthetics-search' && definition.key !== 'synthetics-product');
      for (const variable of variables.filter((candidate) => candidate.secure)) expect(variable, definition.key).not.toHaveProperty('example');
    }
  });

  it('marks every request as synthetic with the same header and baggage as the traffic generator', async () => {
    // scripts/traffic is an ES module run by plain Node; imported by path so the types stay out of this CJS package.
    const trafficModule = '../../../../scripts/traffic/synthetic.ts';
    const traffic = (await import(trafficModule)) as { syntheticHeaders: () => Record<string, string> };
    expect(SYNTHETIC_REQUEST_HEADERS).toEqual(traffic.syntheticHeaders());
    for (const definition of apiDefinitions) {
      for (const step of stepsOf(definition)) expect(step.request.headers, `${definition.key}: ${step.name}`).toMatchObject(SYNTHETIC_REQUEST_HEADERS);
    }
    const browser = definitions.find((definition) => definition.kind === 'synthetics-browser');
    expect(browser?.body.config.request.headers).toMatchObject(SYNTHETIC_REQUEST_HEADERS);
  });

  it("calls only the gateway's real public routes, on the shop URL of the settings", () => {
    const routes = gatewayRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const definition of apiDefinitions) {
      for (const step of stepsOf(definition)) {
        const url = step.request.url ?? '';
        expect(url.startsWith(`${settings.shopUrl}/api/`), `${definition.key}: ${url}`).toBe(true);
        const path = new URL(url.replace(/\{\{[^}]+\}\}/g, 'x')).pathname;
        const method = step.request.method ?? 'GET';
        expect(routes.some((route) => route.method === method && route.pattern.test(path)), `${method} ${path} (${definition.key})`).toBe(true);
      }
    }
  });

  it('uses only variables defined before they are used: local ones, or extracted by an earlier step', () => {
    for (const definition of apiDefinitions) {
      const known = new Set((definition.body.config.configVariables ?? []).map((variable) => variable.name));
      for (const step of stepsOf(definition)) {
        const used = placeholders(JSON.stringify([step.request, step.assertions]));
        for (const name of used) expect(known.has(name), `${definition.key}: "${step.name}" uses {{ ${name} }}`).toBe(true);
        for (const value of step.extractedValues ?? []) known.add(value.name ?? '');
      }
    }
    const browser = definitions.find((definition) => definition.kind === 'synthetics-browser');
    const browserVariables = new Set((browser?.body.config.variables ?? []).map((variable) => variable.name));
    for (const name of placeholders(JSON.stringify(browser?.body.steps))) expect(browserVariables.has(name), name).toBe(true);
  });

  it('pays with a card the shop accepts and the payment service approves', () => {
    const checkout = apiDefinitions.find((definition) => definition.key === 'synthetics-checkout');
    const step = stepsOf(checkout!).find((candidate) => candidate.request.url?.endsWith('/api/checkout'));
    const payment = (JSON.parse(step?.request.body ?? '{}') as { payment: { cardNumber: string; expMonth: number; expYear: number } }).payment;
    expect(passesLuhn(payment.cardNumber)).toBe(true);
    expect(isCardExpired(payment.expMonth, payment.expYear)).toBe(false);
    const declined = [...read('services/payment/src/domain/card-processor.ts').matchAll(/'(\d{12,19})': '(\w+)'/g)].map((match) => match[1]);
    expect(declined.length).toBeGreaterThan(0);
    expect(declined).not.toContain(payment.cardNumber);
    expect(step?.assertions).toContainEqual({ type: 'statusCode', operator: 'is', target: 201 });
    expect(step?.assertions).toContainEqual({ type: 'body', operator: 'validatesJSONPath', target: { jsonPath: '$.status', operator: 'is', targetValue: 'confirmed' } });
  });

  it("drives the storefront with selectors its source really has", () => {
    const source = ['pages/auth-pages.tsx', 'pages/search-page.tsx', 'pages/product-page.tsx', 'pages/cart-page.tsx', 'pages/checkout-page.tsx', 'pages/order-page.tsx', 'app/layout.tsx', 'components/product-card.tsx']
      .map((file) => read(`web/src/${file}`))
      .join('\n');
    const selectors = checkoutJourneySteps(settings).flatMap((step) => {
      const params = step.params as { element?: { userLocator: { values: Array<{ type: string; value: string }> } } };
      return params.element?.userLocator.values.map((locator) => locator.value) ?? [];
    });
    expect(selectors.length).toBeGreaterThan(10);
    for (const selector of selectors) {
      for (const [, className] of selector.matchAll(/\.([\w-]+)/g)) expect(source, `${selector}: class ${className}`).toMatch(new RegExp(`className=[{"\`][^>]*\\b${className}\\b`));
      for (const [, id] of selector.matchAll(/#([\w-]+)/g)) {
        // `id="x"`, or an id built from a prefix and the field's name: id={`checkout-${name}`} with field('postalCode', ...).
        const [prefix = '', field = ''] = /^(auth|checkout)-(\w+)$/.exec(id ?? '')?.slice(1) ?? [];
        const found = source.includes(`id="${id}"`) || (prefix !== '' && source.includes(`id={\`${prefix}-\${name}\``) && new RegExp(`(input|field)\\('${field}'`).test(source));
        expect(found, `${selector}: id ${id}`).toBe(true);
      }
      for (const [, attribute, value] of selector.matchAll(/\[(\w+)="([^"]+)"\]/g)) {
        if (attribute === 'type') continue;
        // A router <Link to="/x"> renders href="/x"; a value may be bound ({quote.method}).
        const written = attribute === 'href' ? `(href|to)="${value}"` : `${attribute}=("${value}"|\\{[\\w.]+\\})`;
        expect(source, `${selector}: ${attribute}=${value}`).toMatch(new RegExp(written));
      }
    }
  });
});
