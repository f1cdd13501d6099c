import { OpenApiGeneratorV31, OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { errorResponse, WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import { publicRoutes, type Answer, type PublicRoute } from './public-api';

/** `/api/products/:id` -> `/api/products/{id}` (OpenAPI's path template). */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

const UNAUTHORIZED: Record<Exclude<PublicRoute['access'], 'public'>, string> = {
  customer: 'No valid login token (unauthorized).',
  admin: 'No valid admin token (unauthorized).',
  webhook: 'The webhook secret header is missing or wrong (unauthorized).',
};
const SECURITY_SCHEME: Record<Exclude<PublicRoute['access'], 'public'>, string> = { customer: 'customerToken', admin: 'adminToken', webhook: 'webhookSecret' };

/**
 * Answers every route may give besides its own: the gateway's guards and limits, the service client's
 * answers when the owning service is down or slow, and the body parser's for a body it cannot read.
 */
function commonAnswers(route: PublicRoute): Record<number, Answer> {
  if (route.gatewayOwn) return {};
  const answers: Record<number, Answer> = {
    502: { description: 'The owning service answered something unusable (upstream_error).', schema: errorResponse },
    503: { description: 'The owning service is unavailable (upstream_unavailable) or its circuit is open; retry later.', schema: errorResponse },
    504: { description: 'The owning service did not answer in time (upstream_timeout).', schema: errorResponse },
  };
  // A webhook's sender drops a 4xx: its routes answer overload with a 503 instead (their own responses say so).
  if (route.access !== 'webhook') answers[429] = { description: 'Too many requests from this client (rate_limited); Retry-After says when to try again.', schema: errorResponse };
  if (route.access !== 'public') answers[401] = { description: UNAUTHORIZED[route.access], schema: errorResponse };
  if (route.request?.body) {
    answers[413] = { description: 'The body is larger than the limit (payload_too_large; 100 kB by default).', schema: errorResponse };
    answers[415] = { description: 'The body is not UTF-8 JSON (unsupported_charset) or has a Content-Encoding that is not accepted (unsupported_encoding).', schema: errorResponse };
  }
  return answers;
}

function toResponse(answer: Answer): ResponseConfig {
  if (answer.mediaType) return { description: answer.description, content: { [answer.mediaType]: { schema: { type: 'string' } } } };
  if (!answer.schema) return { description: answer.description, content: { 'application/json': { schema: { type: 'object' } } } };
  return { description: answer.description, content: { 'application/json': { schema: answer.schema } } };
}

function toRouteConfig(route: PublicRoute): RouteConfig {
  const answers = { ...commonAnswers(route), ...route.responses };
  const { params, query, body, headers } = route.request ?? {};
  return {
    method: route.method,
    path: openApiPath(route.path),
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    security: route.access === 'public' ? [] : [{ [SECURITY_SCHEME[route.access]]: [] }],
    request: {
      params,
      query,
      headers,
      body: body ? { required: true, content: { 'application/json': { schema: body } } } : undefined,
    },
    responses: Object.fromEntries(Object.entries(answers).map(([status, answer]) => [status, toResponse(answer)])),
  };
}

/**
 * The OpenAPI 3.1 description of the public API, generated from the same zod schemas the services validate
 * with (@shopfast/contracts) and the route table in public-api.ts. Built once at start-up.
 */
export function buildOpenApiDocument(version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'customerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The token POST /api/auth/login or /api/auth/signup answers with (EdDSA, verifiable with /.well-known/jwks.json).',
  });
  registry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The administrator token: .stack/secrets/admin-token locally, /run/shopfast/secrets/admin-token in compose.',
  });
  registry.registerComponent('securitySchemes', 'webhookSecret', {
    type: 'apiKey',
    in: 'header',
    name: WEBHOOK_SECRET_HEADER,
    description: 'The Datadog webhook\'s shared secret (a hidden custom variable of the webhook integration): .stack/secrets/datadog-webhook-secret locally, the datadog-webhook-secret secret in compose and Kubernetes.',
  });
  for (const route of publicRoutes) registry.registerPath(toRouteConfig(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'ShopFast public API',
      version,
      description: 'The API the storefront uses, served by the gateway. Every error answer is {"error":{"code","message","details"?}}.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This gateway (or the edge in front of it)' }],
    tags: [
      { name: 'auth', description: 'Accounts and login tokens' },
      { name: 'catalog', description: 'Products and search' },
      { name: 'cart', description: "The signed-in customer's cart" },
      { name: 'checkout', description: 'Buying the cart' },
      { name: 'orders', description: "The signed-in customer's orders" },
      { name: 'shipping', description: 'Shipping quotes' },
      { name: 'admin', description: 'Administrators only' },
      { name: 'incidents', description: 'Datadog alerts in (the webhook), incidents out (administrators)' },
      { name: 'operations', description: 'Health and this description' },
    ],
  });
}
