// The public API routes the journeys use, named exactly as the gateway labels them in its
// Prometheus counter (method + Express route template, gateway/src/telemetry/prometheus.ts), so the
// summary's per-route counts line up with shopfast_http_requests_total.
import type { RouteName } from './shop-client.ts';

export const ROUTES = {
  products: 'GET /api/products',
  product: 'GET /api/products/:id',
  search: 'GET /api/search',
  suggest: 'GET /api/search/suggest',
  signup: 'POST /api/auth/signup',
  login: 'POST /api/auth/login',
  me: 'GET /api/me',
  cart: 'GET /api/cart',
  addItem: 'POST /api/cart/items',
  updateItem: 'PATCH /api/cart/items/:productId',
  removeItem: 'DELETE /api/cart/items/:productId',
  quotes: 'POST /api/shipping/quotes',
  checkout: 'POST /api/checkout',
  orders: 'GET /api/orders',
  order: 'GET /api/orders/:id',
} as const satisfies Record<string, RouteName>;

/** Templates with a parameter, most specific first (`/api/products/:id/image.svg` before `/api/products/:id`). */
const TEMPLATES: ReadonlyArray<{ pattern: RegExp; template: string }> = [
  { pattern: /^\/api\/products\/[^/]+\/image\.svg$/, template: '/api/products/:id/image.svg' },
  { pattern: /^\/api\/products\/[^/]+$/, template: '/api/products/:id' },
  { pattern: /^\/api\/cart\/items\/[^/]+$/, template: '/api/cart/items/:productId' },
  { pattern: /^\/api\/orders\/[^/]+$/, template: '/api/orders/:id' },
  { pattern: /^\/api\/admin\/inventory\/[^/]+$/, template: '/api/admin/inventory/:sku' },
  { pattern: /^\/api\/admin\/products\/[^/]+$/, template: '/api/admin/products/:id' },
];

/**
 * The gateway's route label for a request the generator did not build itself (the browsers' calls):
 * `GET /api/orders/0e0e…` -> `GET /api/orders/:id`. Paths without parameters are their own template.
 */
export function routeOf(method: string, pathname: string): string {
  const match = TEMPLATES.find((entry) => entry.pattern.test(pathname));
  return `${method.toUpperCase()} ${match ? match.template : pathname}`;
}
