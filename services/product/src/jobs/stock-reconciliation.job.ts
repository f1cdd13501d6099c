import type { Logger } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { InventoryClient } from '../clients/inventory-client';
import type { Catalog } from '../domain/catalog';

/**
 * Compares the catalog's stock with inventory's: at start-up (retrying until inventory answers: the two
 * services start together, and inventory seeds its stock from this service's catalog), then every
 * `intervalMs`, and soon after `runSoon()` (Redis back from an outage), so a product service that missed
 * stock.changed events catches up by itself. One pass at a time.
 */
export function createStockReconciliationJob({ catalog, inventory, intervalMs, retryMs = 2_000, logger }: { catalog: Catalog; inventory: InventoryClient; intervalMs: number; retryMs?: number; logger: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let reconciled = false;
  // How long the first pass waits for inventory to finish seeding before it settles for what there is
  // (a catalog may hold products inventory never stocks).
  const seedingDeadline = Date.now() + 60_000;

  const pass = () =>
    tracer.trace('catalog.reconcile_stock', { tags: { 'manual.drop': true } }, async (span) => {
      const levels = await inventory.allLevels();
      if (levels.length === 0) throw new Error('inventory has no stock yet (it is still seeding)');
      const result = await catalog.reconcile(levels);
      span?.addTags({ 'catalog.levels_checked': result.checked, 'catalog.levels_applied': result.applied });
      // Inventory seeds a page at a time: a pass that came in the middle keeps what it got and comes back
      // soon for the rest (seeding is announced by no event; this is how the catalog learns it).
      const products = await catalog.productCount();
      if (!reconciled && levels.length < products && Date.now() < seedingDeadline) throw new Error(`inventory is still seeding (${levels.length} of ${products} products have stock)`);
      if (result.applied > 0 || !reconciled) logger.info(result, 'stock reconciled with inventory');
      reconciled = true;
    });

  /** The next pass in `delayMs`, replacing any pass already planned (never two at once). */
  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = pass().then(
        () => schedule(intervalMs),
        (error: unknown) => {
          logger.warn({ err: error, retryInMs: retryMs }, 'could not reconcile stock with inventory; retrying');
          schedule(reconciled ? intervalMs : retryMs);
        },
      );
      void running.finally(() => {
        running = undefined;
      });
    }, delayMs);
    timer.unref();
  }

  return {
    start: () => schedule(0),
    /** Reconciles in a second instead of at the next interval (a pass in progress reschedules itself after). */
    runSoon(): void {
      if (!running) schedule(1_000);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    /** True once stock has been reconciled at least once since start. */
    isReconciled: () => reconciled,
  };
}
