import { AppError, createServiceClient, type TokenIssuer } from '@shopfast/service-kit';

/** One SKU's level as inventory's GET /stock lists it. */
export interface InventoryLevel {
  sku: string;
  productId: string;
  available: number;
  reserved: number;
  version: number;
}

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
        const response = await client.get<{ items: InventoryLevel[]; total: number }>('/stock', { query: { page, limit: pageSize } });
        if (response.status !== 200 || !Array.isArray(response.body?.items)) {
          throw new AppError('upstream_unavailable', `The inventory service answered ${response.status}`, 503, { service: 'inventory' });
        }
        levels.push(...response.body.items);
        if (response.body.items.length < pageSize || page * pageSize >= response.body.total) return levels;
      }
    },
  };
}

export type InventoryClient = ReturnType<typeof createInventoryClient>;
