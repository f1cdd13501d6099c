import { AppError, createServiceClient, type TokenIssuer } from '@shopfast/service-kit';

export interface ProductSummary {
  id: string;
  sku: string;
}

export interface ProductPage {
  items: ProductSummary[];
  total: number;
}

/**
 * The product service, read page by page to learn every SKU when stock is seeded. The listing is
 * public; `credentials` only tell product which service is reading.
 */
export function createProductClient(baseUrl: string, credentials?: TokenIssuer) {
  const client = createServiceClient({ name: 'product', baseUrl, timeoutMs: 5_000, retries: 2, credentials });
  return {
    async listPage(page: number, limit: number): Promise<ProductPage> {
      const response = await client.get<ProductPage>('/products', { query: { page, limit } });
      if (response.status !== 200 || !Array.isArray(response.body?.items)) {
        throw new AppError('upstream_unavailable', `The product service answered ${response.status}`, 503, { service: 'product' });
      }
      return response.body;
    },
  };
}

export type ProductClient = ReturnType<typeof createProductClient>;
