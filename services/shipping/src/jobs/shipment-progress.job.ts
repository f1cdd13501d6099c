import { createPeriodicTask, type Logger, type PeriodicTask } from '@shopfast/service-kit';
import type { Shipments } from '../domain/shipments';

export type ShipmentProgressJob = PeriodicTask;

/**
 * Every `tickMs`, moves shipments whose next step is due. Safe with several instances: each step is a
 * conditional UPDATE, so only one instance wins a given shipment. The poll runs under
 * `shipping.poll_due_shipments` (manual.drop); each shipment actually advanced is its own, kept, trace.
 */
export function createShipmentProgressJob({ shipments, tickMs, logger }: { shipments: Shipments; tickMs: number; logger: Logger }): ShipmentProgressJob {
  return createPeriodicTask({
    name: 'shipment progression',
    intervalMs: tickMs,
    logger,
    spanName: 'shipping.poll_due_shipments',
    run: () => shipments.advanceDue(),
  });
}
