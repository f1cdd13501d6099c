import { createPeriodicTask, type Logger, type PeriodicTask } from '@shopfast/service-kit';
import type { Inventory } from '../domain/inventory';

export type ReservationSweeper = PeriodicTask;

/**
 * On a timer: releases held reservations past their expiry, so units of abandoned checkouts go back on
 * sale, and recovers reservations a crash left mid-move (pending, committing, releasing, restocking for
 * longer than STUCK_RESERVATION_AFTER_SECONDS), so their units are neither lost nor moved twice.
 * Nothing runs until start().
 */
export function createReservationSweeper({ inventory, intervalMs, logger }: { inventory: Inventory; intervalMs: number; logger: Logger }): ReservationSweeper {
  return createPeriodicTask({
    name: 'reservation sweep',
    intervalMs,
    logger,
    run: async () => {
      const released = await inventory.releaseExpired();
      if (released > 0) logger.info({ released }, 'released expired reservations');
      const recovered = await inventory.recoverStuck();
      if (recovered > 0) logger.info({ recovered }, 'recovered reservations left mid-move');
    },
  });
}
