import { z } from 'zod';
import { product } from '@shopfast/contracts';
import { AppError, type ServiceClient } from '@shopfast/service-kit';

/**
 * The fields of the Product contract the cart uses, checked on every answer; the rest of the product is
 * not the cart's business (and not required of the product service's answer here).
 */
const catalogProduct = product.pick({ id: true, sku: true, name: true, price: true, currency: true, category: true, imageUrl: true, stock: true, available: true });
const catalogBatch = z.object({ items: z.array(catalogProduct) });

export type CatalogProduct = z.infer<typeof catalogProduct>;

export interface ProductClient {
  /** The product, or null when the catalog does not know it (404). */
  get(productId: string): Promise<CatalogProduct | null>;
  /** Several products in one call; ids the catalog does not know are absent from the map. */
  getMany(productIds: string[]): Promise<Map<string, CatalogProduct>>;
}

const unavailable = (status: number) => new AppError('upstream_unavailable', 'The product service could not price the cart', 503, { service: 'product', status });

/**
 * Reads products from the product service, the only source of prices and stock. A product service that
 * is down, slow or answering 5xx (or an answer that does not fit the contract) becomes AppError 503/504
 * (raised by the service client or here), so a cart read fails quickly with the standard error shape
 * instead of a 500.
 */
export function createProductClient(client: ServiceClient): ProductClient {
  return {
    async get(productId) {
      const response = await client.get(`/products/${encodeURIComponent(productId)}`);
      if (response.status === 404) return null;
      const parsed = catalogProduct.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) throw unavailable(response.status);
      return parsed.data;
    },

    async getMany(productIds) {
      const found = new Map<string, CatalogProduct>();
      // The batch endpoint takes at most 100 ids; a cart holds at most 50 lines, so this is one call.
      for (let offset = 0; offset < productIds.length; offset += 100) {
        const ids = productIds.slice(offset, offset + 100);
        const response = await client.get('/products/batch', { query: { ids: ids.join(',') } });
        const parsed = catalogBatch.safeParse(response.body);
        if (response.status !== 200 || !parsed.success) throw unavailable(response.status);
        for (const item of parsed.data.items) found.set(item.id, item);
      }
      return found;
    },
  };
}
