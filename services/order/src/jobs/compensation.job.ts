import { createPeriodicTask, type Logger, type Metrics, type PeriodicTask } from '@shopfast/service-kit';
import type { Compensator } from '../domain/checkout/compensations';
import type { OrderStore } from '../store/order-store';

/**
 * Retries owed compensations (refunds, stock cancels) whose first attempt failed, with each one's own
 * backoff, until they succeed, across restarts. Each pass also reports how many are still owed
 * (ecommerce.checkout.compensations_pending): money or stock the shop still owes, worth an alert.
 */
export function createCompensationJob(deps: { compensator: Compensator; store: OrderStore; metrics: Metrics; logger: Logger; intervalMs: number }): PeriodicTask & { pass: () => Promise<void> } {
  async function pass(): Promise<void> {
    await deps.compensator.settle({ limit: 50 });
    deps.metrics.gauge('ecommerce.checkout.compensations_pending', await deps.store.pendingCompensationCount());
  }
  const task = createPeriodicTask({ name: 'compensation retry', intervalMs: deps.intervalMs, logger: deps.logger, spanName: 'checkout.compensate', run: pass });
  return { ...task, pass };
}
