import { createPeriodicTask, type Logger, type PeriodicTask } from '@shopfast/service-kit';
import type { OrderStore } from '../store/order-store';
import type { Checkout } from './checkout';

/**
 * Finds orders still pending long after any checkout could still be running (the process died, or
 * every compensation attempt failed) and ends them with a full undo: refund what the payment ledger
 * shows was charged, cancel the reservation. Nothing stays half done for long.
 */
export function createAbandonedCheckoutSweeper(deps: { store: OrderStore; checkout: Checkout; logger: Logger; olderThanSeconds: number; intervalMs: number }): PeriodicTask & { sweep: () => Promise<number> } {
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
