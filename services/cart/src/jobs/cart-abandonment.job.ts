import { createPeriodicTask, type Logger, type PeriodicTask } from '@shopfast/service-kit';
import type { CartAbandonment } from '../domain/cart-abandonment';

export type CartAbandonmentJob = PeriodicTask;

/**
 * Every `intervalMs`, reports carts that became abandoned. The sweep's Redis calls and product
 * look-ups run under `cart.abandonment_sweep`, tagged manual.drop: the metrics carry what matters.
 */
export function createCartAbandonmentJob({ abandonment, intervalMs, logger, now = Date.now }: { abandonment: CartAbandonment; intervalMs: number; logger: Logger; now?: () => number }): CartAbandonmentJob {
  return createPeriodicTask({
    name: 'cart abandonment sweep',
    intervalMs,
    logger,
    spanName: 'cart.abandonment_sweep',
    run: async () => {
      const count = await abandonment.sweep(now());
      if (count > 0) logger.info({ abandonedCarts: count }, 'reported abandoned carts');
    },
  });
}
