import type { Logger } from '@shopfast/service-kit';
import type { ProductClient } from '../clients/product-client';
import type { StockStore } from '../store/stock-store';
import { seedQuantity } from '../domain/stock';

export interface StockSeederDeps {
  stock: StockStore;
  products: ProductClient;
  logger: Logger;
  retryMs: number;
  pageSize?: number;
}

/**
 * Gives every catalog SKU a starting stock when the collection is empty. It runs in the background with
 * retries because the local stack starts all services at once and product may not answer yet; until it
 * succeeds, /readyz reports `stock` as not ready, so nothing routes checkouts here too early.
 */
export function createStockSeeder({ stock, products, logger, retryMs, pageSize = 100 }: StockSeederDeps) {
  let seeded = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** One attempt; returns how many SKUs were inserted (0 when stock existed already). */
  async function seedOnce(): Promise<number> {
    if ((await stock.count()) > 0) {
      seeded = true;
      return 0;
    }
    let inserted = 0;
    for (let page = 1; ; page++) {
      const { items, total } = await products.listPage(page, pageSize);
      const levels = items.map((product, offset) => ({ sku: product.sku, productId: product.id, available: seedQuantity((page - 1) * pageSize + offset) }));
      // Version 1 is the seeded level. It is not announced as stock.changed: the catalog reconciles with
      // inventory when it starts (retrying until stock exists) and learns all of them in one pass. 500
      // seed events would queue ahead of every real change for ~20 s on a first start.
      await stock.insertMissing(levels);
      inserted += items.length;
      if (items.length === 0 || page * pageSize >= total) break;
    }
    seeded = true;
    logger.info({ skus: inserted }, 'seeded stock for the catalog');
    return inserted;
  }

  function attempt(): void {
    if (stopped) return;
    seedOnce().catch((error: unknown) => {
      logger.warn({ err: error, retryInMs: retryMs }, 'could not seed stock yet; retrying');
      if (!stopped) timer = setTimeout(attempt, retryMs);
      timer?.unref();
    });
  }

  return {
    seedOnce,
    /** Starts seeding in the background and returns at once. */
    start: attempt,
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
    isSeeded: () => seeded,
    /** Readiness check: resolves once stock exists. */
    async check(): Promise<void> {
      if (!seeded) throw new Error('stock is not seeded yet (waiting for the product service)');
    },
  };
}

export type StockSeeder = ReturnType<typeof createStockSeeder>;
