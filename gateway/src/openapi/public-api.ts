import {
  addCartItemBody,
  authResult,
  browserFlags,
  cart,
  cartItemParams,
  checkoutDeclined,
  checkoutFailed,
  checkoutOutOfStock,
  checkoutRequest,
  checkoutResult,
  errorResponse,
  faultList,
  faultParams,
  faultState,
  datadogWebhookPayload,
  healthReport,
  idempotencyKey,
  incidentListQuery,
  incidentPage,
  jsonWebKeySet,
  loginRequest,
  order,
  orderListQuery,
  orderPage,
  orderParams,
  product,
  productListQuery,
  productPage,
  productParams,
  searchQuery,
  searchResult,
  searchSuggestions,
  setFaultBody,
  setProductPriceBody,
  setStockBody,
  shippingQuoteRequest,
  shippingQuotes,
  signupRequest,
  skuParams,
  stockLevel,
  suggestQuery,
  updateCartItemBody,
  user,
  validationErrorResponse,
  WEBHOOK_SECRET_HEADER,
  webhookReceipt,
} from '@shopfast/contracts';
import { z } from 'zod';

/**
 * Who may call a route: anyone, a signed-in customer (Bearer login token), an administrator (Bearer admin
 * token), or Datadog's webhook (its shared secret in the x-shopfast-webhook-secret header, checked by the
 * incident service).
 */
export type Access = 'public' | 'customer' | 'admin' | 'webhook';

export interface Answer {
  description: string;
  /** JSON body; absent: no body. `image/svg+xml` answers name their media type instead. */
  schema?: z.ZodType;
  mediaType?: string;
}

/** One public route as the OpenAPI document describes it. `path` is Express's (`/api/products/:id`). */
export interface PublicRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The tag the docs group it under. */
  tag: 'auth' | 'catalog' | 'cart' | 'checkout' | 'orders' | 'shipping' | 'admin' | 'incidents' | 'operations';
  summary: string;
  description?: string;
  access: Access;
  /** Answered by the gateway itself, before the rate limiter, without calling a service (health, docs). */
  gatewayOwn?: boolean;
  request?: { params?: z.ZodObject; query?: z.ZodObject; body?: z.ZodType; headers?: z.ZodObject };
  /** Success and the error answers specific to the route (the common ones are added by document.ts). */
  responses: Record<number, Answer>;
}

const error = (description: string): Answer => ({ description, schema: errorResponse });
const invalid: Answer = {
  description:
    'validation_failed (details: every problem at once), invalid_json, json_too_deep, or another bad_request code: the error body, with `details` as its code defines.',
  schema: z.union([validationErrorResponse, errorResponse]),
};
const faultsUnavailable = error(
  "The gateway cannot write the faults' state file (flags_file_not_writable: its folder is not writable) or read it (flags_file_unreadable); nothing was changed.",
);
const idempotencyHeader = z.object({
  'idempotency-key': idempotencyKey
    .optional()
    .meta({ description: 'Makes the checkout safe to retry: the same key answers the first attempt again (header idempotent-replayed: true). 400 invalid_idempotency_key otherwise.' }),
});

/**
 * Every route of the public API (gateway/src/routes/api.routes.ts and the gateway's own routes), with the
 * @shopfast/contracts schemas the owning service validates and answers with. document.test.ts fails when a
 * route the gateway serves is missing here, so a new route cannot ship undescribed.
 */
export const publicRoutes: PublicRoute[] = [
  {
    method: 'get',
    path: '/api/health',
    tag: 'operations',
    summary: 'Readiness of every service behind the gateway',
    access: 'public',
    gatewayOwn: true,
    responses: { 200: { description: 'Every service is ready.', schema: healthReport }, 503: { description: 'At least one service is not ready.', schema: healthReport } },
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    tag: 'auth',
    summary: 'The public key customer tokens are signed with',
    access: 'public',
    responses: { 200: { description: 'The JSON Web Key Set (cacheable for 5 minutes).', schema: jsonWebKeySet } },
  },
  {
    method: 'post',
    path: '/api/auth/signup',
    tag: 'auth',
    summary: 'Create a customer account and sign in',
    access: 'public',
    request: { body: signupRequest },
    responses: { 201: { description: 'Signed up: a login token and the account.', schema: authResult }, 400: invalid, 409: error('The e-mail address has an account already (email_taken).') },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    summary: 'Sign in with e-mail and password',
    description: 'Throttled per address and per e-mail: repeated failures lock the e-mail for a while (429).',
    access: 'public',
    request: { body: loginRequest },
    responses: { 200: { description: 'A login token and the account.', schema: authResult }, 400: invalid, 401: error('Wrong e-mail or password (invalid_credentials).') },
  },
  {
    method: 'get',
    path: '/api/me',
    tag: 'auth',
    summary: 'The signed-in customer',
    access: 'customer',
    responses: { 200: { description: 'The account the token names.', schema: user }, 404: error('The account no longer exists.') },
  },
  {
    method: 'get',
    path: '/api/products',
    tag: 'catalog',
    summary: 'List products, optionally by category',
    access: 'public',
    request: { query: productListQuery },
    responses: { 200: { description: 'One page of products with live stock.', schema: productPage }, 400: invalid },
  },
  {
    method: 'get',
    path: '/api/products/:id',
    tag: 'catalog',
    summary: 'One product',
    access: 'public',
    request: { params: productParams },
    responses: { 200: { description: 'The product with live stock.', schema: product }, 400: invalid, 404: error('No such product (product_not_found).') },
  },
  {
    method: 'get',
    path: '/api/products/:id/image.svg',
    tag: 'catalog',
    summary: "The product's picture",
    access: 'public',
    request: { params: productParams },
    responses: { 200: { description: 'An SVG image.', mediaType: 'image/svg+xml' }, 400: invalid, 404: error('No such product.') },
  },
  {
    method: 'get',
    path: '/api/search',
    tag: 'catalog',
    summary: 'Full-text search with facets and filters',
    description: 'page x limit must be at most 10000 (the search index pages no further), and minPrice must not exceed maxPrice: 400 otherwise.',
    access: 'public',
    request: { query: searchQuery },
    responses: { 200: { description: 'One page of matches and the facets of all matches.', schema: searchResult }, 400: invalid },
  },
  {
    method: 'get',
    path: '/api/search/suggest',
    tag: 'catalog',
    summary: 'Product names completing a prefix',
    access: 'public',
    request: { query: suggestQuery },
    responses: { 200: { description: 'Up to ten suggestions.', schema: searchSuggestions }, 400: invalid },
  },
  {
    method: 'get',
    path: '/api/cart',
    tag: 'cart',
    summary: "The customer's cart, priced now",
    access: 'customer',
    responses: { 200: { description: 'The cart; removedItems lists products that left the catalog.', schema: cart } },
  },
  {
    method: 'post',
    path: '/api/cart/items',
    tag: 'cart',
    summary: 'Add a product to the cart',
    access: 'customer',
    request: { body: addCartItemBody },
    responses: {
      200: { description: 'The cart after the change.', schema: cart },
      400: invalid,
      404: error('No such product.'),
      409: error('Not enough stock for that quantity (out_of_stock).'),
    },
  },
  {
    method: 'patch',
    path: '/api/cart/items/:productId',
    tag: 'cart',
    summary: "Change a line's quantity (0 removes it)",
    access: 'customer',
    request: { params: cartItemParams, body: updateCartItemBody },
    responses: {
      200: { description: 'The cart after the change.', schema: cart },
      400: invalid,
      404: error('The product is not in the cart.'),
      409: error('Not enough stock for that quantity (out_of_stock).'),
    },
  },
  {
    method: 'delete',
    path: '/api/cart/items/:productId',
    tag: 'cart',
    summary: 'Remove a product from the cart',
    access: 'customer',
    request: { params: cartItemParams },
    responses: { 200: { description: 'The cart after the change.', schema: cart }, 400: invalid },
  },
  {
    method: 'post',
    path: '/api/checkout',
    tag: 'checkout',
    summary: 'Buy the cart: reserve stock, charge the card, confirm the order',
    description:
      'One attempt per request (the gateway never retries it). With an Idempotency-Key a retry answers the first attempt again instead of charging twice. Test cards: 4242 4242 4242 4242 approves, 4000 0000 0000 0002 is declined.',
    access: 'customer',
    request: { body: checkoutRequest, headers: idempotencyHeader },
    responses: {
      201: { description: 'The order is confirmed and paid.', schema: checkoutResult },
      400: invalid,
      402: { description: 'The card was declined (payment_declined); nothing was charged.', schema: checkoutDeclined },
      409: {
        description: 'Some items are out of stock (out_of_stock, details name them), the cart is empty (cart_empty), or the same checkout is running (checkout_in_progress).',
        schema: z.union([checkoutOutOfStock, errorResponse]),
      },
      422: error('The Idempotency-Key was used for a different checkout (idempotency_key_reused).'),
      500: { description: 'The checkout failed after it started; details say what happened to the money.', schema: checkoutFailed },
      503: { description: 'A service the checkout needs is unavailable (details say what happened to the money), or the order service itself is (upstream_unavailable).', schema: z.union([checkoutFailed, errorResponse]) },
      504: { description: 'The checkout took too long (details say what happened to the money), or the order service did not answer in time (upstream_timeout).', schema: z.union([checkoutFailed, errorResponse]) },
    },
  },
  {
    method: 'get',
    path: '/api/orders',
    tag: 'orders',
    summary: "The customer's orders, newest first",
    access: 'customer',
    request: { query: orderListQuery },
    responses: { 200: { description: 'One page of orders.', schema: orderPage }, 400: invalid },
  },
  {
    method: 'get',
    path: '/api/orders/:id',
    tag: 'orders',
    summary: 'One order with its shipment',
    access: 'customer',
    request: { params: orderParams },
    responses: { 200: { description: 'The order (only its owner sees it).', schema: order }, 400: invalid, 404: error('No such order for this customer (order_not_found).') },
  },
  {
    method: 'post',
    path: '/api/shipping/quotes',
    tag: 'shipping',
    summary: 'Shipping prices and delivery times for an address',
    access: 'public',
    request: { body: shippingQuoteRequest },
    responses: { 200: { description: 'One quote per shipping method available there.', schema: shippingQuotes }, 400: invalid },
  },
  {
    method: 'put',
    path: '/api/admin/inventory/:sku',
    tag: 'admin',
    summary: "Set a SKU's available stock",
    description: 'The catalog, search and carts see the new level within seconds (stock.changed).',
    access: 'admin',
    request: { params: skuParams, body: setStockBody },
    responses: { 200: { description: 'The stock level after the change.', schema: stockLevel }, 400: invalid, 404: error('No such SKU.') },
  },
  {
    method: 'patch',
    path: '/api/admin/products/:id',
    tag: 'admin',
    summary: "Change a product's price",
    access: 'admin',
    request: { params: productParams, body: setProductPriceBody },
    responses: { 200: { description: 'The product with its new price.', schema: product }, 400: invalid, 404: error('No such product.') },
  },
  {
    method: 'get',
    path: '/api/flags',
    tag: 'operations',
    summary: "The storefront's fault flags and their values now",
    description: 'The faults of the catalogue the browser evaluates (imageSlowLoad, productPageJsError; docs/faults.md), read by the storefront every 10 s. Never cached.',
    access: 'public',
    responses: { 200: { description: 'Every storefront flag by key, its default value when off.', schema: browserFlags }, 503: faultsUnavailable },
  },
  {
    method: 'get',
    path: '/api/admin/faults',
    tag: 'admin',
    summary: 'Every fault of the catalogue and its value now',
    access: 'admin',
    responses: { 200: { description: 'The catalogue in its order, each fault with its current value.', schema: faultList }, 503: faultsUnavailable },
  },
  {
    method: 'put',
    path: '/api/admin/faults/:key',
    tag: 'admin',
    summary: 'Switch a fault on at a value (its default value switches it off)',
    description: 'Every service sees the change within 10 s, with no restart.',
    access: 'admin',
    request: { params: faultParams, body: setFaultBody },
    responses: {
      200: { description: 'The fault with its new value.', schema: faultState },
      400: { description: 'invalid_fault_value: the message names the allowed range (details: key and range); or validation_failed.', schema: z.union([validationErrorResponse, errorResponse]) },
      404: error('No such fault in the catalogue (unknown_fault).'),
      503: faultsUnavailable,
    },
  },
  {
    method: 'delete',
    path: '/api/admin/faults/:key',
    tag: 'admin',
    summary: 'Switch one fault off',
    access: 'admin',
    request: { params: faultParams },
    responses: { 200: { description: 'The fault, off.', schema: faultState }, 400: invalid, 404: error('No such fault in the catalogue (unknown_fault).'), 503: faultsUnavailable },
  },
  {
    method: 'delete',
    path: '/api/admin/faults',
    tag: 'admin',
    summary: 'Switch every fault off',
    access: 'admin',
    responses: { 200: { description: 'Every fault, off.', schema: faultList }, 503: faultsUnavailable },
  },
  {
    method: 'post',
    path: '/api/webhooks/datadog',
    tag: 'incidents',
    summary: 'A Datadog alert transition, from the ShopFast webhook integration',
    description: `The payload is the webhook's template (infra/datadog); the ${WEBHOOK_SECRET_HEADER} header must carry the generated secret. Answered as soon as the delivery is recorded: PagerDuty, Slack and the scale-up run afterwards, with retries. A delivery seen before (Datadog retries on 5xx with the same $ID) changes nothing.`,
    access: 'webhook',
    request: { body: datadogWebhookPayload },
    responses: {
      200: { description: 'A duplicate delivery: nothing more happens.', schema: webhookReceipt },
      202: { description: 'Recorded; the actions it queued run in the background.', schema: webhookReceipt },
      400: invalid,
      503: error(
        'The incident service is unavailable (upstream_unavailable), this gateway has none (incident_service_not_configured), or this address sent more deliveries than WEBHOOK_RATE_LIMIT_POINTS per window (webhook_overloaded, with Retry-After); Datadog retries a 5xx. Never 429, which Datadog would not retry.',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/admin/incidents',
    tag: 'incidents',
    summary: 'Incidents opened by Datadog alerts, newest first, with what was done about each',
    access: 'admin',
    request: { query: incidentListQuery },
    responses: {
      200: { description: 'One page of incidents, each with its PagerDuty, Slack and scale-up actions.', schema: incidentPage },
      400: invalid,
      503: error('The incident service is unavailable (upstream_unavailable), or this gateway has none (incident_service_not_configured).'),
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'operations',
    summary: 'This document',
    access: 'public',
    gatewayOwn: true,
    responses: { 200: { description: 'OpenAPI 3.1.' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    tag: 'operations',
    summary: 'This document, rendered (Swagger UI)',
    access: 'public',
    gatewayOwn: true,
    responses: { 200: { description: 'An HTML page.', mediaType: 'text/html' } },
  },
];
