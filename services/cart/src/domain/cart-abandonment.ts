import type { Logger, Metrics } from '@shopfast/service-kit';
import type { ProductClient } from '../clients/product-client';
import type { ActiveCarts } from '../store/active-carts';
import { priceLines } from './cart-pricing';

export interface CartAbandonmentDeps {
  active: ActiveCarts;
  products: ProductClient;
  metrics: Metrics;
  logger: Logger;
  /** A cart with items untouched this long is abandoned (CART_ABANDON_AFTER_SECONDS). */
  abandonAfterSeconds: number;
  /** Carts claimed per Redis call; a sweep loops until fewer come back. */
  batchSize?: number;
}

/**
 * Finds carts left with items and untouched for `abandonAfterSeconds`, and reports each once:
 * `ecommerce.cart.abandoned` (count) and `ecommerce.cart.abandoned_value` (its current value, by currency).
 * A customer who comes back later starts a new active period and can abandon again.
 */
export function createCartAbandonment({ active, products, metrics, logger, abandonAfterSeconds, batchSize = 100 }: CartAbandonmentDeps) {
  /** Prices at today's catalog prices; vanished products count for nothing. Null when the catalog is unreachable. */
  async function value(userId: string) {
    const lines = await active.peek(userId);
    if (lines.length === 0) return { lines, cart: null };
    try {
      const found = await products.getMany(lines.map((line) => line.productId));
      const cart = priceLines(lines, found);
      return { lines, cart: cart.items.length > 0 ? cart : null };
    } catch (error) {
      logger.warn({ err: error }, 'could not price an abandoned cart; counting it without its value');
      return { lines, cart: null };
    }
  }

  return {
    /** One pass; answers how many carts were reported abandoned. */
    async sweep(nowMs: number): Promise<number> {
      const cutoff = nowMs - abandonAfterSeconds * 1_000;
      let abandoned = 0;
      for (;;) {
        const claimed = await active.claimIdle(cutoff, batchSize);
        for (const userId of claimed) {
          const { lines, cart } = await value(userId);
          // Emptied carts (every item removed) or carts already gone were not abandoned with anything in them.
          if (lines.length === 0) continue;
          abandoned++;
          metrics.increment('ecommerce.cart.abandoned', 1);
          if (cart && cart.subtotal > 0) metrics.distribution('ecommerce.cart.abandoned_value', cart.subtotal, { currency: cart.currency });
        }
        if (claimed.length < batchSize) return abandoned;
      }
    },
  };
}

export type CartAbandonment = ReturnType<typeof createCartAbandonment>;
