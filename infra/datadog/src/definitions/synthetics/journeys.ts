// Multistep API tests (subtype multi): a customer's login, and the whole purchase with a test card. Each run
// signs up a customer of its own (a local variable makes the e-mail unique), so the tests need no account
// kept in the organisation's global variables and never share a cart with another run.
import type { v1 } from '@datadog/datadog-api-client';
import type { DefinitionSettings, SyntheticsApiDefinition } from '../types';
import { isJson, jsonPath, respondsWithin, statusIs } from './assertions';
import { APPROVED_TEST_CARD, WRITE_LOCATIONS, requestHeaders, shopUrl, testMessage, testName, testOptions, testTags, type TestMeta } from './common';

/**
 * Local variables of a run: a unique customer. Digits only, since the user service lower-cases e-mail addresses.
 * The secure password has no example: Datadog never returns one, so an example would differ on every plan.
 */
const CUSTOMER_VARIABLES: v1.SyntheticsConfigVariable[] = [
  { name: 'RUN_ID', type: 'text', pattern: '{{ numeric(12) }}', example: '123456789012' },
  { name: 'PASSWORD', type: 'text', pattern: '{{ alphanumeric(20) }}', secure: true },
];
const EMAIL = 'synthetics-{{ RUN_ID }}@example.com';
const AUTHORIZED = { authorization: 'Bearer {{ TOKEN }}' };

interface Step {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  assertions: v1.SyntheticsAssertion[];
  extract?: Array<{ name: string; jsonPath: string; secure?: boolean }>;
  timeoutSeconds?: number;
}

function step(settings: DefinitionSettings, spec: Step): v1.SyntheticsAPITestStep {
  const hasBody = spec.body !== undefined;
  return {
    name: spec.name,
    subtype: 'http',
    allowFailure: false,
    isCritical: true,
    request: {
      method: spec.method,
      url: shopUrl(settings, spec.path),
      headers: requestHeaders({ ...(hasBody ? { 'content-type': 'application/json' } : {}), ...spec.headers }),
      ...(hasBody ? { bodyType: 'application/json' as const, body: JSON.stringify(spec.body) } : {}),
      timeout: spec.timeoutSeconds ?? 15,
    },
    assertions: spec.assertions,
    extractedValues: (spec.extract ?? []).map((value) => ({
      name: value.name,
      type: 'http_body',
      parser: { type: 'json_path', value: value.jsonPath },
      secure: value.secure ?? false,
    })),
  };
}

function multistepTest(settings: DefinitionSettings, meta: TestMeta, name: string, summary: string, steps: v1.SyntheticsAPITestStep[]): SyntheticsApiDefinition {
  return {
    kind: 'synthetics-api',
    key: meta.key,
    body: {
      type: 'api',
      subtype: 'multi',
      name: testName(settings, name),
      message: testMessage(settings, meta.tier, `Synthetic test failing: ${name}`, summary),
      locations: WRITE_LOCATIONS,
      tags: testTags(settings, meta),
      status: 'live',
      options: testOptions(meta.tier, 900),
      config: { configVariables: CUSTOMER_VARIABLES, steps },
    },
  };
}

const signUp = (settings: DefinitionSettings): v1.SyntheticsAPITestStep =>
  step(settings, {
    name: 'Sign up a new customer',
    method: 'POST',
    path: '/api/auth/signup',
    body: { email: EMAIL, password: '{{ PASSWORD }}', name: 'Synthetic Shopper', channel: 'web' },
    assertions: [statusIs(201), respondsWithin(3_000), isJson(), jsonPath('$.user.email', 'is', EMAIL)],
  });

const logIn = (settings: DefinitionSettings): v1.SyntheticsAPITestStep =>
  step(settings, {
    name: 'Log in',
    method: 'POST',
    path: '/api/auth/login',
    body: { email: EMAIL, password: '{{ PASSWORD }}' },
    assertions: [statusIs(200), respondsWithin(3_000), isJson(), jsonPath('$.token', 'matches', '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$')],
    extract: [{ name: 'TOKEN', jsonPath: '$.token', secure: true }],
  });

export function journeyTests(settings: DefinitionSettings): SyntheticsApiDefinition[] {
  const login = multistepTest(
    settings,
    { key: 'synthetics-login', tier: 'critical', service: 'user', alert: 'availability' },
    'Accounts: log in',
    'Customers cannot log in (POST /api/auth/login), or the token they get is refused.',
    [
      signUp(settings),
      logIn(settings),
      step(settings, {
        name: 'Read the profile with the token',
        method: 'GET',
        path: '/api/me',
        headers: AUTHORIZED,
        assertions: [statusIs(200), respondsWithin(2_000), jsonPath('$.email', 'is', EMAIL)],
      }),
    ],
  );

  const checkout = multistepTest(
    settings,
    { key: 'synthetics-checkout', tier: 'critical', service: 'order', alert: 'availability' },
    'Checkout: buy one product with a test card',
    'A new customer cannot buy: sign-up, login, cart, shipping quote or checkout with an approved test card failed.',
    [
      signUp(settings),
      logIn(settings),
      step(settings, {
        // The cheapest product in stock: well under the payment service's fraud limit.
        name: 'Find a product in stock',
        method: 'GET',
        path: '/api/search?inStock=true&sort=price_asc&limit=1',
        assertions: [statusIs(200), respondsWithin(2_000), jsonPath('$.total', 'moreThan', 0), jsonPath('$.items[0].id', 'matches', '^p-\\d{4,6}$')],
        extract: [{ name: 'PRODUCT_ID', jsonPath: '$.items[0].id' }],
      }),
      step(settings, {
        // The search index may trail the stock by a moment; the catalogue's own answer is the one to trust.
        name: 'The product can be ordered',
        method: 'GET',
        path: '/api/products/{{ PRODUCT_ID }}',
        assertions: [statusIs(200), jsonPath('$.stock', 'moreThan', 0)],
      }),
      step(settings, {
        name: 'Add it to the cart',
        method: 'POST',
        path: '/api/cart/items',
        headers: AUTHORIZED,
        body: { productId: '{{ PRODUCT_ID }}', quantity: 1 },
        assertions: [statusIs(200), respondsWithin(2_000), jsonPath('$.itemCount', 'is', 1), jsonPath('$.items[0].productId', 'is', '{{ PRODUCT_ID }}')],
      }),
      step(settings, {
        name: 'Quote shipping',
        method: 'POST',
        path: '/api/shipping/quotes',
        body: { country: 'DE', postalCode: '10115', weightKg: 1 },
        assertions: [statusIs(200), respondsWithin(2_000), jsonPath('$.quotes[0].amount', 'moreThanOrEqual', 0)],
      }),
      step(settings, {
        name: 'Check out with an approved test card',
        method: 'POST',
        path: '/api/checkout',
        headers: { ...AUTHORIZED, 'idempotency-key': 'synthetics-{{ RUN_ID }}' },
        body: {
          shippingAddress: { name: 'Synthetic Shopper', line1: '1 Monitoring Way', city: 'Berlin', postalCode: '10115', country: 'DE' },
          shippingMethod: 'standard',
          payment: { cardNumber: APPROVED_TEST_CARD, expMonth: 12, expYear: 2099, cvc: '123' },
        },
        timeoutSeconds: 30,
        assertions: [statusIs(201), respondsWithin(10_000), isJson(), jsonPath('$.status', 'is', 'confirmed'), jsonPath('$.orderId', 'matches', '^[0-9a-f-]{36}$')],
        extract: [{ name: 'ORDER_ID', jsonPath: '$.orderId' }],
      }),
      step(settings, {
        name: 'The order is confirmed and paid',
        method: 'GET',
        path: '/api/orders/{{ ORDER_ID }}',
        headers: AUTHORIZED,
        assertions: [
          statusIs(200),
          respondsWithin(2_000),
          jsonPath('$.status', 'is', 'confirmed'),
          jsonPath('$.payment.last4', 'is', APPROVED_TEST_CARD.slice(-4)),
          jsonPath('$.items[0].productId', 'is', '{{ PRODUCT_ID }}'),
        ],
      }),
    ],
  );

  return [login, checkout];
}
