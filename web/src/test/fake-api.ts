// A fetch stand-in for component tests: answers by "METHOD /path" and records every call.
import { vi } from 'vitest';

export type Answer = { status?: number; body?: unknown } | ((init: RequestInit | undefined) => { status?: number; body?: unknown });

export function fakeApi(routes: Record<string, Answer>) {
  const calls: Array<{ method: string; path: string; body: unknown; headers: Record<string, string> }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://shop.test');
    const method = init?.method ?? 'GET';
    calls.push({ method, path: url.pathname + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined, headers: (init?.headers ?? {}) as Record<string, string> });
    const answer = routes[`${method} ${url.pathname}`];
    if (!answer) return new Response(JSON.stringify({ error: { code: 'route_not_found', message: 'no route' } }), { status: 404 });
    const { status = 200, body } = typeof answer === 'function' ? answer(init) : answer;
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  description: 'A product',
  price: 19.99,
  currency: 'USD',
  category: 'books',
  brand: 'Northpage',
  imageUrl: `/api/products/${id}/image.svg`,
  rating: 4.2,
  // Plenty in stock by default (above LOW_STOCK_THRESHOLD): tests about stock say what they need.
  stock: 25,
  available: true,
  ...extra,
});

/** A cart line's stock defaults to plenty; pass `stock` to test the rest (`available` follows: false at 0). */
export const cartWith = (...items: Array<{ productId: string; quantity: number; unitPrice: number; stock?: number | null; available?: boolean }>) => ({
  items: items.map((item) => ({
    stock: 25,
    available: item.stock !== 0,
    ...item,
    sku: `SKU-${item.productId}`,
    name: `Product ${item.productId}`,
    imageUrl: `/api/products/${item.productId}/image.svg`,
    currency: 'USD',
    lineTotal: Math.round(item.unitPrice * item.quantity * 100) / 100,
  })),
  itemCount: items.reduce((n, item) => n + item.quantity, 0),
  subtotal: Math.round(items.reduce((n, item) => n + item.unitPrice * item.quantity, 0) * 100) / 100,
  currency: 'USD',
});

/** A GET /api/search answer: one page of `items`, with the availability facet (the others empty unless given). */
export const searchResult = (items: unknown[], facets: Record<string, Array<{ value: string; count: number }>> = {}) => ({
  items,
  total: items.length,
  page: 1,
  limit: 24,
  facets: {
    category: [],
    brand: [],
    price: [],
    availability: [
      { value: 'in_stock', count: items.length },
      { value: 'out_of_stock', count: 0 },
    ],
    ...facets,
  },
});

/** A session whose token is readable and not expired (the app only reads `exp`). */
export function session(id = 'user-1') {
  const payload = btoa(JSON.stringify({ sub: id, exp: Math.floor(Date.now() / 1000) + 3600 })).replace(/=+$/, '');
  return { token: `eyJhbGciOiJIUzI1NiJ9.${payload}.sig`, user: { id, email: 'ada@example.com', name: 'Ada Lovelace', createdAt: '2026-11-01T10:00:00.000Z' } };
}
