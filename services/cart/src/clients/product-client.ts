import { AppError, type ServiceClient } from '@shopfast/service-kit';

/** The fields of a product (contract "product") the cart uses. */
export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  price: number;
  currency: string;
  category: string;
  imageUrl: string;
  /** Units orderable now (null: the catalog has not heard from inventory yet). */
  stock: number | null;
  available: boolean;
}

export interface ProductClient {
  /** The product, or null when the catalog does not know it (404). */
  get(productId: string): Promise<CatalogProduct | null>;
  /** Several products in one call; ids the catalog does not know are absent from the map. */
  getMany(productIds: string[]): Promise<Map<string, CatalogProduct>>;
}

const unavailable = (status: number) => new AppError('upstream_unavailable', 'The product service could not price the cart', 503, { service: 'product', status });

/**
 * Reads products from the product service, the only source of prices and stock. A product service that
 * is down, slow or answering 5xx becomes AppError 503/504 (raised by the service client or here), so a
 * cart read fails quickly with the standard error shape instead of a 500.
 */
export function createProductClient(client: ServiceClient): ProductClient {
  return {
    async get(productId) {
      const response = await client.get<CatalogProduct>(`/products/${encodeURIComponent(productId)}`);
      if (response.status === 404) return null;
      if (response.status !== 200 || !isProduct(response.body)) throw unavailable(response.status);
      return response.body;
    },

    async getMany(productIds) {
      const found = new Map<string, CatalogProduct>();
      // The batch endpoint takes at most 100 ids; a cart holds at most 50 lines, so this is one call.
      for (let offset = 0; offset < productIds.length; offset += 100) {
        const ids = productIds.slice(offset, offset + 100);
        const response = await client.get<{ items: CatalogProduct[] }>('/products/batch', { query: { ids: ids.join(',') } });
        if (response.status !== 200 || !Array.isArray(response.body?.items) || !response.body.items.every(isProduct)) throw unavailable(response.status);
        for (const product of response.body.items) found.set(product.id, product);
      }
      return found;
    },
  };
}

function isProduct(body: unknown): body is CatalogProduct {
  const product = body as Partial<CatalogProduct> | undefined;
  return (
    typeof product?.id === 'string' &&
    typeof product.price === 'number' &&
    Number.isFinite(product.price) &&
    typeof product.currency === 'string' &&
    typeof product.available === 'boolean' &&
    (product.stock === null || (typeof product.stock === 'number' && Number.isInteger(product.stock)))
  );
}
