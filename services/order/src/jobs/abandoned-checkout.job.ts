import { createPeriodicTask, type Logger, type PeriodicTask } from '@shopfast/service-kit';
import type { Checkout } from '../domain/checkout/checkout';
import type { OrderStore } from '../store/order-store';

/**
 * Finds orders still pending long after any checkout could still be running (the process died, or its
 * answers were lost for good) and ends them: the saga journal says which steps started, and their
 * compensations (refund through the payment ledger, stock cancel) are stored and run by the compensator,
 * the same path a failing checkout takes. Nothing stays half done.
 */
export function createAbandonedCheckoutJob(deps: { store: OrderStore; checkout: Checkout; logger: Logger; olderThanSeconds: number; intervalMs: number }): PeriodicTask & { sweep: () => Promise<number> } {
  async function sweep(): Promise<number> {
    let ended = 0;
    for (const orderId of await deps.store.stalePendingOrders(deps.olderThanSeconds, 50)) {
      if (await deps.checkout.recoverAbandoned(orderId)) ended += 1;
    }
    return ended;
  }
  const task = createPeriodicTask({ name: 'abandoned checkout sweep', intervalMs: deps.intervalMs, logger: deps.logger, spanName: 'checkout.recover_abandoned', run: sweep });
  return { ...task, sweep };
}
