import { deterministicEventId, EVENT_TYPES, STREAMS, type EventPublisher, type StockChangedData } from '@shopfast/events';
import type { Logger } from '@shopfast/service-kit';
import type { Stock, StockChangeReason, StockEvents } from '../domain/stock';

/**
 * stock.changed on the inventory stream, one event per change of a SKU. Published without making the
 * stock change wait (the event.publish span still joins the request's trace). A failure is logged, at
 * most once a minute while the broker stays down, and otherwise dropped: the catalog reconciles (see
 * StockEvents).
 */
export function createStockEvents({ publisher, logger, stream = STREAMS.inventory }: { publisher: EventPublisher; logger: Logger; stream?: string }): StockEvents & { flush(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  let lastWarning = 0;

  return {
    changed(level: Stock, reason: StockChangeReason) {
      const data: StockChangedData = {
        sku: level.sku,
        productId: level.productId,
        available: level.available,
        reserved: level.reserved,
        version: level.version,
        reason,
      };
      const publishing = publisher
        .publish(stream, EVENT_TYPES.stockChanged, data, { id: deterministicEventId(EVENT_TYPES.stockChanged, level.sku, String(level.version)) })
        .catch((error: unknown) => {
          if (Date.now() - lastWarning < 60_000) return;
          lastWarning = Date.now();
          logger.warn({ err: error, sku: level.sku, version: level.version }, 'could not publish stock.changed; the catalog catches up at its next reconciliation');
        })
        .finally(() => inFlight.delete(publishing));
      inFlight.add(publishing);
    },

    /** Waits for announcements still on their way (graceful shutdown). */
    async flush() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
