import { z } from 'zod';
import { EVENT_TYPES, PermanentEventError, type EventHandler, type OrderPlacedData, type ReceivedEvent, type ShipmentUpdatedData } from '@shopfast/events';
import type { Notifier } from '../domain/notifier';

const email = z.email().max(254);
const money = z.number().finite().nonnegative();

const orderPlacedData = z.object({
  orderId: z.uuid(),
  email,
  customerName: z.string().min(1).max(200),
  items: z.array(z.object({ sku: z.string().max(100), name: z.string().max(300), quantity: z.number().int().positive(), unitPrice: money })).min(1).max(200),
  total: money,
  currency: z.string().regex(/^[A-Z]{3}$/),
  shippingMethod: z.enum(['standard', 'express']),
});

const shipmentUpdatedData = z.object({
  orderId: z.uuid(),
  email,
  status: z.enum(['label_created', 'in_transit', 'delivered']),
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
});

/**
 * Checks an event before it reaches the notifier. Data that does not fit the contract (or an event id
 * that is not a uuid, our idempotency key) can never succeed: dead-lettered at once, not retried.
 */
function checked<T>(schema: z.ZodType, handle: (event: ReceivedEvent<T>) => Promise<void>): EventHandler<T> {
  return async (event) => {
    if (!z.uuid().safeParse(event.id).success) throw new PermanentEventError('event id is not a uuid');
    const result = schema.safeParse(event.data);
    if (!result.success) throw new PermanentEventError(`invalid ${event.type} data: ${result.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    await handle(event);
  };
}

export const orderEventHandlers = (notifier: Notifier): Record<string, EventHandler> => ({
  [EVENT_TYPES.orderPlaced]: checked<OrderPlacedData>(orderPlacedData, (event) => notifier.orderPlaced(event)),
});

export const shipmentEventHandlers = (notifier: Notifier): Record<string, EventHandler> => ({
  [EVENT_TYPES.shipmentUpdated]: checked<ShipmentUpdatedData>(shipmentUpdatedData, (event) => notifier.shipmentUpdated(event)),
});
