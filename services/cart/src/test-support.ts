import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogProduct } from './clients/product-client';

/** A product as the stand-in serves it: the fields of the "product" contract the cart reads. */
export type StandInProduct = CatalogProduct;

/**
 * A real HTTP server playing the product service's GET /products/:id and GET /products/batch?ids=,
 * from a map the test changes (prices, stock, removed products). `failing` makes it answer 500.
 * Test-only: imported by *.int.test.ts files and excluded from the build (tsconfig.json).
 */
export async function startProductStandIn(catalog: Map<string, StandInProduct>) {
  const requests: string[] = [];
  const state = { failing: false };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (state.failing) return json(res, 500, { error: { code: 'internal_error', message: 'boom' } });
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/products/batch') {
      const ids = (url.searchParams.get('ids') ?? '').split(',');
      return json(res, 200, { items: ids.map((id) => catalog.get(id)).filter(Boolean) });
    }
    const product = catalog.get(decodeURIComponent(url.pathname.replace('/products/', '')));
    if (!product) return json(res, 404, { error: { code: 'product_not_found', message: 'no such product' } });
    return json(res, 200, { ...product, description: 'd', brand: 'b', rating: 4 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A stand-in product with plenty of stock unless told otherwise. */
export const standInProduct = (id: string, price: number, fields: Partial<StandInProduct> = {}): StandInProduct => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  price,
  currency: 'USD',
  category: 'books',
  imageUrl: `/api/products/${id}/image.svg`,
  stock: 100,
  available: true,
  ...fields,
});

