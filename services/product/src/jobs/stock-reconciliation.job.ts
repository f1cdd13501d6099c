import type { Logger } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { InventoryClient } from '../clients/inventory-client';
import type { Catalog } from '../domain/catalog';

/**
 * Compares the catalog's stock with inventory's: at start-up (retrying until inventory answers: the two
 * services start together, and inventory seeds its stock from this service's catalog), then every
 * `intervalMs`, so a product service that missed stock.changed events catches up by itself.
 */
export function createStockReconciliationJob({ catalog, inventory, intervalMs, retryMs = 2_000, logger }: { catalog: Catalog; inventory: InventoryClient; intervalMs: number; retryMs?: number; logger: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let reconciled = false;

  const pass = () =>
    tracer.trace('catalog.reconcile_stock', { tags: { 'manual.drop': true } }, async (span) => {
      const levels = await inventory.allLevels();
      if (levels.length === 0) throw new Error('inventory has no stock yet (it is still seeding)');
      const result = await catalog.reconcile(levels);
      span?.addTags({ 'catalog.levels_checked': result.checked, 'catalog.levels_applied': result.applied });
      if (result.applied > 0 || !reconciled) logger.info(result, 'stock reconciled with inventory');
      reconciled = true;
    });

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      current = pass().then(
        () => schedule(intervalMs),
        (error: unknown) => {
          logger.warn({ err: error, retryInMs: retryMs }, 'could not reconcile stock with inventory; retrying');
          schedule(reconciled ? intervalMs : retryMs);
        },
      );
    }, delayMs);
    timer.unref();
  }

  return {
    start: () => schedule(0),
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await current.catch(() => undefined);
    },
    /** True once stock has been reconciled at least once since start. */
    isReconciled: () => reconciled,
  };
}
