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
}

export interface ProductClient {
  /** The product, or null when the catalog does not know it (404). */
  get(productId: string): Promise<CatalogProduct | null>;
}

/**
 * Reads products from the product service, the only source of prices. A product service that is
 * down, slow or answering 5xx becomes AppError 503/504 (raised by the service client or here), so a
 * cart read fails quickly with the standard error shape instead of a 500.
 */
export function createProductClient(client: ServiceClient): ProductClient {
  return {
    async get(productId) {
      const response = await client.get<CatalogProduct>(`/products/${encodeURIComponent(productId)}`);
      if (response.status === 404) return null;
      if (response.status !== 200 || !isProduct(response.body)) {
        throw new AppError('upstream_unavailable', 'The product service could not price the cart', 503, { service: 'product', status: response.status });
      }
      return response.body;
    },
  };
}

function isProduct(body: unknown): body is CatalogProduct {
  const product = body as Partial<CatalogProduct> | undefined;
  return typeof product?.id === 'string' && typeof product.price === 'number' && Number.isFinite(product.price) && typeof product.currency === 'string';
}
