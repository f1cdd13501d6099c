import { deterministicEventId, EVENT_TYPES, STREAMS, type EventPublisher, type StockChangedData } from '@shopfast/events';
import type { Logger } from '@shopfast/service-kit';
import type { StockChangeReason, StockEvents } from '../domain/stock';
import type { Stock } from '../model/stock';

export interface StockEventsOptions {
  publisher: EventPublisher;
  /** Reads a SKU's current level, to announce again what could not be published (the latest level, not the lost one). */
  currentLevel: (sku: string) => Promise<Stock | null>;
  logger: Logger;
  stream?: string;
  /** How often announcements that failed are tried again. */
  retryMs?: number;
}

/**
 * stock.changed on the inventory stream, one event per change of a SKU. Published without making the
 * stock change wait (the event.publish span still joins the request's trace). A publish that fails (Redis
 * down) is remembered per SKU and tried again every `retryMs` with the SKU's level of that moment, until
 * it goes through: the catalog learns of changes made during an outage within seconds of the end of it.
 * (A crash forgets what was owed; the catalog's periodic reconciliation covers that.)
 */
export function createStockEvents({ publisher, currentLevel, logger, stream = STREAMS.inventory, retryMs = 2_000 }: StockEventsOptions): StockEvents & {
  flush(): Promise<void>;
  stop(): void;
} {
  const inFlight = new Set<Promise<unknown>>();
  const owed = new Map<string, StockChangeReason>();
  let lastWarning = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const publish = (level: Stock, reason: StockChangeReason) => {
    const data: StockChangedData = { sku: level.sku, productId: level.productId, available: level.available, reserved: level.reserved, version: level.version, reason };
    return publisher.publish(stream, EVENT_TYPES.stockChanged, data, { id: deterministicEventId(EVENT_TYPES.stockChanged, level.sku, String(level.version)) });
  };

  function owe(sku: string, reason: StockChangeReason, error: unknown): void {
    owed.set(sku, reason);
    if (Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      logger.warn({ err: error, sku, owed: owed.size }, 'could not publish stock.changed; trying again every few seconds');
    }
    retryTimer ??= setTimeout(retryOwed, retryMs);
    retryTimer.unref();
  }

  async function retryOwed(): Promise<void> {
    retryTimer = undefined;
    for (const [sku, reason] of [...owed]) {
      try {
        const level = await currentLevel(sku);
        if (level) await publish(level, reason);
        owed.delete(sku);
      } catch (error) {
        owe(sku, reason, error);
        return; // still down: the next pass tries the rest
      }
    }
    if (owed.size === 0) logger.info('stock.changed announcements owed during an outage are published');
  }

  return {
    changed(level: Stock, reason: StockChangeReason) {
      const publishing = publish(level, reason)
        .catch((error: unknown) => owe(level.sku, reason, error))
        .finally(() => inFlight.delete(publishing));
      inFlight.add(publishing);
    },

    /** Waits for announcements still on their way (graceful shutdown). */
    async flush() {
      await Promise.allSettled([...inFlight]);
    },

    stop() {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    },
  };
}
