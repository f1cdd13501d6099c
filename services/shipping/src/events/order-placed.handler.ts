import { orderPlacedData, PermanentEventError, type EventHandler } from '@shopfast/events';
import type { Shipments } from '../domain/shipments';

/**
 * order.placed -> a shipment in label_created. Data that does not fit the contract (orderPlacedData in
 * @shopfast/events) can never succeed: dead-lettered at once.
 */
export function orderPlacedHandler(shipments: Shipments): EventHandler {
  return async (event) => {
    const parsed = orderPlacedData.safeParse(event.data);
    if (!parsed.success) throw new PermanentEventError(`invalid order.placed data: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    await shipments.createForOrder(parsed.data);
  };
}
