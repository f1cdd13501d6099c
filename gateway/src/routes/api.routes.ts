import { Router, type RequestHandler } from 'express';
import type { ServiceClient } from '@shopfast/service-kit';
import type { ServiceName } from '../config';
import type { LoginThrottle } from '../limits/login-throttle';
import { forwardTo } from '../proxy/forward';
import { pathSegment } from '../proxy/path-segment';

export type ServiceClients = Record<ServiceName, ServiceClient>;

/** The checks a route runs before it is forwarded, built once in app.ts. */
export interface RouteGuards {
  /** Verifies a customer token if present (never rejects). */
  authenticate: RequestHandler;
  /** 401 without a valid customer token. */
  requireUser: RequestHandler;
  /** 401 without the admin token. */
  requireAdmin: RequestHandler;
  /** The per-client budget (user id, else IP). */
  rateLimit: RequestHandler;
  login: LoginThrottle;
  checkoutTimeoutMs: number;
}

/**
 * The public API: each route names the service that owns it and who may call it. Inputs are validated
 * by the owning service; path parameters go through pathSegment (no `.` or `..`, no slashes).
 * Order matters: authenticate -> rate limit (keyed by the user when known) ->
 * require a user, so requests with bad tokens are throttled (by IP) too.
 */
export function apiRoutes(clients: ServiceClients, guards: RouteGuards): Router {
  const router = Router();
  const publicRoute = [guards.rateLimit];
  const customerRoute = [guards.authenticate, guards.rateLimit, guards.requireUser];
  const adminRoute = [guards.rateLimit, guards.requireAdmin];

  // The public key customer tokens are signed with, for anyone who wants to verify one; the user service's
  // cache-control (5 minutes) is relayed.
  router.get('/.well-known/jwks.json', publicRoute, forwardTo(clients.user, { path: '/.well-known/jwks.json' }));
  router.post('/api/auth/signup', publicRoute, forwardTo(clients.user, { path: '/signup' }));
  router.post(
    '/api/auth/login',
    publicRoute,
    guards.login.guard,
    forwardTo(clients.user, { path: '/login', onResponse: guards.login.record, onFailure: guards.login.abandon }),
  );
  router.get('/api/me', customerRoute, forwardTo(clients.user, { path: (_req, res) => `/users/${pathSegment(res.locals.userId, 'sub')}` }));

  router.get('/api/products', publicRoute, forwardTo(clients.product, { path: '/products' }));
  router.get('/api/products/:id', publicRoute, forwardTo(clients.product, { path: (req) => `/products/${pathSegment(req.params.id, 'id')}` }));
  router.get('/api/products/:id/image.svg', publicRoute, forwardTo(clients.product, { path: (req) => `/products/${pathSegment(req.params.id, 'id')}/image.svg` }));
  router.get('/api/search', publicRoute, forwardTo(clients.product, { path: '/search' }));
  router.get('/api/search/suggest', publicRoute, forwardTo(clients.product, { path: '/search/suggest' }));

  router.get('/api/cart', customerRoute, forwardTo(clients.cart, { path: '/cart' }));
  router.post('/api/cart/items', customerRoute, forwardTo(clients.cart, { path: '/cart/items' }));
  router.patch('/api/cart/items/:productId', customerRoute, forwardTo(clients.cart, { path: (req) => `/cart/items/${pathSegment(req.params.productId, 'productId')}` }));
  router.delete('/api/cart/items/:productId', customerRoute, forwardTo(clients.cart, { path: (req) => `/cart/items/${pathSegment(req.params.productId, 'productId')}` }));

  // Checkout charges a card: one attempt only (the Idempotency-Key header is passed on), with time to finish.
  router.post('/api/checkout', customerRoute, forwardTo(clients.order, { path: '/checkout', timeoutMs: guards.checkoutTimeoutMs, retry: false }));
  router.get('/api/orders', customerRoute, forwardTo(clients.order, { path: '/orders' }));
  router.get('/api/orders/:id', customerRoute, forwardTo(clients.order, { path: (req) => `/orders/${pathSegment(req.params.id, 'id')}` }));

  router.post('/api/shipping/quotes', publicRoute, forwardTo(clients.shipping, { path: '/quotes' }));

  router.put('/api/admin/inventory/:sku', adminRoute, forwardTo(clients.inventory, { path: (req) => `/admin/stock/${pathSegment(req.params.sku, 'sku')}` }));
  router.patch('/api/admin/products/:id', adminRoute, forwardTo(clients.product, { path: (req) => `/admin/products/${pathSegment(req.params.id, 'id')}` }));

  return router;
}
