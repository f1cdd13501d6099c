import { z } from 'zod';
import { pageOf, product } from '@shopfast/contracts';
import { AppError, createServiceClient, type TokenIssuer } from '@shopfast/service-kit';

/** What seeding reads of a product page (ProductPage in @shopfast/contracts): each product's id and SKU. */
const productSummaryPage = pageOf(product.pick({ id: true, sku: true }));

export type ProductPage = z.infer<typeof productSummaryPage>;
export type ProductSummary = ProductPage['items'][number];

/**
 * The product service, read page by page to learn every SKU when stock is seeded. The listing is
 * public; `credentials` only tell product which service is reading.
 */
export function createProductClient(baseUrl: string, credentials?: TokenIssuer) {
  const client = createServiceClient({ name: 'product', baseUrl, timeoutMs: 5_000, retries: 2, credentials });
  return {
    async listPage(page: number, limit: number): Promise<ProductPage> {
      const response = await client.get('/products', { query: { page, limit } });
      const parsed = productSummaryPage.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) {
        throw new AppError('upstream_unavailable', `The product service answered ${response.status}`, 503, { service: 'product' });
      }
      return parsed.data;
    },
  };
}

export type ProductClient = ReturnType<typeof createProductClient>;
