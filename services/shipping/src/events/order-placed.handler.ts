import { z } from 'zod';
import { PermanentEventError, type EventHandler, type OrderPlacedData } from '@shopfast/events';
import type { Shipments } from '../domain/shipments';

/** The part of order.placed shipping relies on; other fields pass through unchecked. */
const orderPlacedData = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1).max(100),
  email: z.email().max(254),
  shippingMethod: z.enum(['standard', 'express']),
});

/** order.placed -> a shipment in label_created. Invalid data can never succeed: dead-lettered at once. */
export function orderPlacedHandler(shipments: Shipments): EventHandler {
  return async (event) => {
    const parsed = orderPlacedData.safeParse(event.data);
    if (!parsed.success) throw new PermanentEventError(`invalid order.placed data: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    await shipments.createForOrder(event.data as OrderPlacedData);
  };
}
