import { z } from 'zod';
import { stockPage } from '@shopfast/contracts';
import { AppError, createServiceClient, type TokenIssuer } from '@shopfast/service-kit';

/** One SKU's level as inventory's GET /stock lists it (StockLevel in @shopfast/contracts). */
export type InventoryLevel = z.infer<typeof stockPage>['items'][number];

/**
 * The inventory service, read page by page to reconcile the catalog's stock with it. Stock reads are
 * public; `credentials` only tell inventory which service is reading.
 */
export function createInventoryClient(baseUrl: string, credentials?: TokenIssuer) {
  const client = createServiceClient({ name: 'inventory', baseUrl, timeoutMs: 5_000, retries: 2, credentials });
  return {
    /** Every SKU's level, all pages. */
    async allLevels(pageSize = 500): Promise<InventoryLevel[]> {
      const levels: InventoryLevel[] = [];
      for (let page = 1; ; page++) {
        const response = await client.get('/stock', { query: { page, limit: pageSize } });
        const parsed = stockPage.safeParse(response.body);
        if (response.status !== 200 || !parsed.success) {
          throw new AppError('upstream_unavailable', `The inventory service answered ${response.status}`, 503, { service: 'inventory' });
        }
        levels.push(...parsed.data.items);
        if (parsed.data.items.length < pageSize || page * pageSize >= parsed.data.total) return levels;
      }
    },
  };
}

export type InventoryClient = ReturnType<typeof createInventoryClient>;
