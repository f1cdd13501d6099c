import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultFlags } from '@shopfast/feature-flags';
import { orderPlacedData, PermanentEventError, type EventHandler } from '@shopfast/events';
import type { Shipments } from '../domain/shipments';

/**
 * order.placed -> a shipment in label_created. Data that does not fit the contract (orderPlacedData in
 * @shopfast/events) can never succeed: dead-lettered at once.
 *
 * The consumerLag fault waits before each event is handled: events are handled one at a time, so under
 * traffic order.placed events queue up (ecommerce.events.lag grows for group shipping) and shipments
 * appear late. Nothing is lost: each event is acknowledged only once its shipment exists.
 */
export function orderPlacedHandler(shipments: Shipments, faults?: FaultFlags): EventHandler {
  return async (event) => {
    const parsed = orderPlacedData.safeParse(event.data);
    if (!parsed.success) throw new PermanentEventError(`invalid order.placed data: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const lagMs = faults ? await faults.number('consumerLag') : 0;
    if (lagMs > 0) await sleep(lagMs);
    await shipments.createForOrder(parsed.data);
  };
}
