import type { Logger } from '@shopfast/service-kit';
import type { Inventory } from './inventory';

/**
 * Releases held reservations past their expiry on a timer, so units of abandoned checkouts go back on
 * sale. The timer is unref'd (it never keeps the process alive) and a run never overlaps the previous one.
 */
export function startReservationSweeper({ inventory, intervalMs, logger }: { inventory: Inventory; intervalMs: number; logger: Logger }) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    inventory
      .releaseExpired()
      .then((released) => {
        if (released > 0) logger.info({ released }, 'released expired reservations');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'reservation sweep failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
