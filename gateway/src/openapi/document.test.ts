import { Validator, type SpecData } from '@seriousme/openapi-schema-validator';
import type { RequestHandler, Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createServiceClient } from '@shopfast/service-kit';
import { SERVICE_NAMES } from '../config';
import type { LoginThrottle } from '../limits/login-throttle';
import { apiRoutes, type ServiceClients } from '../routes/api.routes';
import { docsRoutes } from '../routes/docs.routes';
import { faultsRoutes } from '../routes/faults.routes';
import type { FaultControl } from '../faults/fault-control';
import { healthRoutes } from '../routes/health.routes';
import { incidentRoutes } from '../routes/incident.routes';
import { buildOpenApiDocument, openApiPath } from './document';
import { publicRoutes } from './public-api';

const pass: RequestHandler = (_req, _res, next) => next();
const clients = Object.fromEntries(SERVICE_NAMES.map((name) => [name, createServiceClient({ name, baseUrl: 'http://127.0.0.1:9' })])) as ServiceClients;
const throttle: LoginThrottle = { guard: pass, record: () => undefined, abandon: () => undefined } as unknown as LoginThrottle;

/** `GET /api/products/{id}` for every route an Express router serves. */
function servedRoutes(router: Router): string[] {
  const served: string[] = [];
  for (const layer of router.stack) {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) continue;
    for (const method of Object.keys(route.methods)) served.push(`${method.toUpperCase()} ${openApiPath(route.path)}`);
  }
  return served;
}

/** The routes the gateway serves to the public: the API, its health and its docs (not the demo or RUM intake). */
function gatewayRoutes(): string[] {
  const guards = { authenticate: pass, requireUser: pass, requireAdmin: pass, rateLimit: pass, login: throttle, checkoutTimeoutMs: 1 };
  return [
    ...servedRoutes(apiRoutes(clients, guards)),
    ...servedRoutes(healthRoutes(clients)),
    ...servedRoutes(faultsRoutes({} as FaultControl, { publicRoute: [pass], adminRoute: [pass] })),
    ...servedRoutes(incidentRoutes(undefined, { webhookRoute: [pass], adminRoute: [pass] })),
    ...servedRoutes(docsRoutes({})).filter((route) => !route.includes('{file}')),
  ];
}

const documented = (document: ReturnType<typeof buildOpenApiDocument>): string[] =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('the OpenAPI description of the public API', () => {
  const document = buildOpenApiDocument('1.2.3');

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as unknown as SpecData);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
  });

  it('describes every route the gateway serves, and nothing it does not serve', () => {
    const served = gatewayRoutes();
    // The public API in the words: products, search, cart, checkout, orders, auth, me, admin.
    for (const expected of ['GET /api/products', 'GET /api/search', 'POST /api/cart/items', 'POST /api/checkout', 'GET /api/orders/{id}', 'POST /api/auth/login', 'GET /api/me', 'PUT /api/admin/inventory/{sku}']) {
      expect(served).toContain(expected);
    }
    expect(documented(document).sort()).toEqual([...new Set(served)].sort());
  });

  it('gives every route a summary, a tag and a described success answer with its schema', () => {
    for (const route of publicRoutes) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      expect(route.summary.trim(), name).not.toBe('');
      type Described = { summary?: string; tags?: string[]; responses: Record<string, { description: string; content?: object }> };
      const operation = (document.paths?.[openApiPath(route.path)] as Record<string, Described> | undefined)?.[route.method];
      if (!operation) throw new Error(`${name} is not in the document`);
      expect(operation.summary, name).toBe(route.summary);
      expect(operation.tags, name).toEqual([route.tag]);
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, name).toBeGreaterThan(0);
      for (const [status, answer] of Object.entries(operation.responses)) {
        expect(answer.description.trim(), `${name} ${status}`).not.toBe('');
        expect(answer.content, `${name} ${status}`).toBeDefined();
      }
    }
  });

  it('names the guard of every customer, admin and webhook route, and answers 401 for them', () => {
    const scheme = { customer: 'customerToken', admin: 'adminToken', webhook: 'webhookSecret' } as const;
    for (const route of publicRoutes.filter((candidate) => candidate.access !== 'public')) {
      const operation = (document.paths?.[openApiPath(route.path)] as Record<string, { security?: object[]; responses: Record<string, unknown> }> | undefined)?.[route.method];
      if (!operation) throw new Error(`${route.path} is not in the document`);
      expect(operation.security, route.path).toEqual([{ [scheme[route.access as keyof typeof scheme]]: [] }]);
      expect(operation.responses['401'], route.path).toBeDefined();
    }
  });

  it('takes request and answer shapes from the contracts, as named components', () => {
    const schemas = Object.keys(document.components?.schemas ?? {});
    for (const name of ['Product', 'SearchResult', 'Cart', 'CheckoutRequest', 'CheckoutPayment', 'ShippingAddress', 'Order', 'AuthResult', 'Error', 'ValidationError']) {
      expect(schemas).toContain(name);
    }
    const checkout = document.paths?.['/api/checkout']?.post as { requestBody: { content: Record<string, { schema: unknown }> } } | undefined;
    expect(checkout?.requestBody.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/CheckoutRequest' });
  });

  it('describes the Datadog webhook with its payload template, its secret header and both answers', () => {
    const webhook = document.paths?.['/api/webhooks/datadog']?.post as { requestBody: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> } | undefined;
    expect(webhook?.requestBody.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/DatadogWebhookPayload' });
    expect(Object.keys(webhook?.responses ?? {})).toEqual(expect.arrayContaining(['200', '202', '400', '401', '503']));
    // Overload is a 503 Datadog retries, never a 429 it would drop.
    expect(Object.keys(webhook?.responses ?? {})).not.toContain('429');
    expect(document.components?.securitySchemes?.webhookSecret).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-shopfast-webhook-secret' });
  });
});
