import { Router } from 'express';

/** GET /: what this gateway serves, for people exploring the demo with curl. */
export function indexRoutes(version: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      name: 'ShopFast gateway',
      version,
      authentication: 'Authorization: Bearer <token from /api/auth/login>; admin routes: Bearer <contents of .stack/secrets/admin-token>',
      endpoints: [
        'GET /api/docs (this API, described: OpenAPI 3.1 at /api/openapi.json)',
        'GET /api/health',
        'GET /.well-known/jwks.json (the public key customer tokens are signed with)',
        'POST /api/auth/signup',
        'POST /api/auth/login',
        'GET /api/me (token)',
        'GET /api/products?category=&page=&limit=',
        'GET /api/products/:id',
        'GET /api/products/:id/image.svg',
        'GET /api/search?q=&category=&brand=&minPrice=&maxPrice=&inStock=&sort=&page=&limit=',
        'GET /api/search/suggest?q=',
        'GET /api/cart (token)',
        'POST /api/cart/items {productId, quantity} (token)',
        'PATCH /api/cart/items/:productId {quantity} (token)',
        'DELETE /api/cart/items/:productId (token)',
        'POST /api/checkout {shippingAddress, shippingMethod, payment} + Idempotency-Key (token)',
        'GET /api/orders (token)',
        'GET /api/orders/:id (token)',
        'POST /api/shipping/quotes {country, postalCode, weightKg}',
        'PUT /api/admin/inventory/:sku {available} (admin token)',
        'PATCH /api/admin/products/:id {price} (admin token)',
        'GET /slow?ms= (demo: a slow request)',
        'GET /error (demo: a failing request)',
        'GET /metrics (Prometheus format, for the openmetrics check)',
      ],
    });
  });
  return router;
}
