import { createPeriodicTask, type Logger } from '@shopfast/service-kit';
import type { Inventory } from './inventory';

/** Releases held reservations past their expiry on a timer, so units of abandoned checkouts go back on sale. */
export function startReservationSweeper({ inventory, intervalMs, logger }: { inventory: Inventory; intervalMs: number; logger: Logger }) {
  const task = createPeriodicTask({
    name: 'reservation sweep',
    intervalMs,
    logger,
    run: async () => {
      const released = await inventory.releaseExpired();
      if (released > 0) logger.info({ released }, 'released expired reservations');
    },
  });
  task.start();
  return task;
}
