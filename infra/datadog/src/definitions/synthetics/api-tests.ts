// Single-request API tests (subtype http): the shop's health, the catalogue's three read paths and sign-up.
// Each asserts what a customer relies on, not just a 200: the JSON shape, a sane value, a response time.
import type { v1 } from '@datadog/datadog-api-client';
import type { DefinitionSettings, SyntheticsApiDefinition } from '../types';
import { isJson, jsonPath, respondsWithin, statusIs } from './assertions';
import { READ_LOCATIONS, WRITE_LOCATIONS, requestHeaders, shopUrl, testMessage, testName, testOptions, testTags, type TestMeta } from './common';

/** The product the single-product test reads: the first of the seeded catalogue (services/product seeds p-0001..p-0500). */
export const PRODUCT_CHECK_ID = 'p-0001';

interface HttpTest {
  meta: TestMeta;
  name: string;
  summary: string;
  tickEvery: number;
  locations: string[];
  request: v1.SyntheticsTestRequest;
  assertions: v1.SyntheticsAssertion[];
  configVariables?: v1.SyntheticsConfigVariable[];
}

function httpTest(settings: DefinitionSettings, test: HttpTest): SyntheticsApiDefinition {
  return {
    kind: 'synthetics-api',
    key: test.meta.key,
    body: {
      type: 'api',
      subtype: 'http',
      name: testName(settings, test.name),
      message: testMessage(settings, test.meta.tier, `Synthetic test failing: ${test.name}`, test.summary),
      locations: test.locations,
      tags: testTags(settings, test.meta),
      status: 'live',
      options: testOptions(test.meta.tier, test.tickEvery),
      config: {
        request: test.request,
        assertions: test.assertions,
        ...(test.configVariables ? { configVariables: test.configVariables } : {}),
      },
    },
  };
}

export function apiTests(settings: DefinitionSettings): SyntheticsApiDefinition[] {
  return [
    httpTest(settings, {
      meta: { key: 'synthetics-health', tier: 'critical', service: 'gateway', alert: 'availability' },
      name: 'API health: every service ready',
      summary: 'GET /api/health is failing: at least one service behind the gateway is not ready.',
      tickEvery: 60,
      locations: READ_LOCATIONS,
      request: { method: 'GET', url: shopUrl(settings, '/api/health'), headers: requestHeaders(), timeout: 10 },
      assertions: [statusIs(200), respondsWithin(2_000), isJson(), jsonPath('$.status', 'is', 'ok'), jsonPath('$.services.order.status', 'is', 'ok')],
    }),
    httpTest(settings, {
      meta: { key: 'synthetics-product-listing', tier: 'performance', service: 'product', alert: 'availability' },
      name: 'Catalogue: product listing',
      summary: 'The product listing (GET /api/products) is failing or slow.',
      tickEvery: 300,
      locations: READ_LOCATIONS,
      request: { method: 'GET', url: shopUrl(settings, '/api/products?page=1&limit=20'), headers: requestHeaders(), timeout: 10 },
      assertions: [
        statusIs(200),
        respondsWithin(2_000),
        isJson(),
        jsonPath('$.total', 'moreThan', 0),
        jsonPath('$.limit', 'is', 20),
        jsonPath('$.items[0].id', 'matches', '^p-\\d{4,6}$'),
        jsonPath('$.items[0].price', 'moreThan', 0),
      ],
    }),
    httpTest(settings, {
      meta: { key: 'synthetics-search', tier: 'performance', service: 'product', alert: 'availability' },
      name: 'Catalogue: search',
      summary: 'Search (GET /api/search) is failing, slow, or finds nothing for a term the catalogue has.',
      tickEvery: 300,
      locations: READ_LOCATIONS,
      request: { method: 'GET', url: shopUrl(settings, '/api/search?q=headphones&limit=10'), headers: requestHeaders(), timeout: 10 },
      assertions: [
        statusIs(200),
        respondsWithin(2_000),
        isJson(),
        jsonPath('$.total', 'moreThan', 0),
        jsonPath('$.items[0].name', 'contains', 'Headphones'),
        jsonPath('$.facets.availability[0].count', 'moreThan', 0),
      ],
    }),
    httpTest(settings, {
      meta: { key: 'synthetics-product', tier: 'performance', service: 'product', alert: 'availability' },
      name: 'Catalogue: one product',
      summary: `The product page's API (GET /api/products/${PRODUCT_CHECK_ID}) is failing or slow.`,
      tickEvery: 300,
      locations: READ_LOCATIONS,
      request: { method: 'GET', url: shopUrl(settings, `/api/products/${PRODUCT_CHECK_ID}`), headers: requestHeaders(), timeout: 10 },
      assertions: [
        statusIs(200),
        respondsWithin(1_500),
        isJson(),
        jsonPath('$.id', 'is', PRODUCT_CHECK_ID),
        jsonPath('$.price', 'moreThan', 0),
        jsonPath('$.currency', 'matches', '^[A-Z]{3}$'),
        jsonPath('$.imageUrl', 'contains', `/api/products/${PRODUCT_CHECK_ID}/image.svg`),
      ],
    }),
    httpTest(settings, {
      meta: { key: 'synthetics-signup', tier: 'business', service: 'user', alert: 'availability' },
      name: 'Accounts: sign-up',
      summary: 'New customers cannot create an account (POST /api/auth/signup).',
      tickEvery: 900,
      locations: WRITE_LOCATIONS,
      configVariables: [
        // Digits only: the user service lower-cases e-mail addresses, and the assertion compares the address.
        // A secure variable has no example: Datadog never returns one, so an example would differ on every plan.
        { name: 'RUN_ID', type: 'text', pattern: '{{ numeric(12) }}', example: '123456789012' },
        { name: 'PASSWORD', type: 'text', pattern: '{{ alphanumeric(20) }}', secure: true },
      ],
      request: {
        method: 'POST',
        url: shopUrl(settings, '/api/auth/signup'),
        headers: requestHeaders({ 'content-type': 'application/json' }),
        bodyType: 'application/json',
        body: JSON.stringify({ email: 'synthetics-{{ RUN_ID }}@example.com', password: '{{ PASSWORD }}', name: 'Synthetic Shopper', channel: 'web' }),
        timeout: 15,
      },
      assertions: [
        statusIs(201),
        respondsWithin(3_000),
        isJson(),
        jsonPath('$.token', 'matches', '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$'),
        jsonPath('$.user.email', 'is', 'synthetics-{{ RUN_ID }}@example.com'),
      ],
    }),
  ];
}
