import { z } from 'zod';
import { EVENT_TYPES, orderPlacedData, PermanentEventError, shipmentUpdatedData, type EventHandler, type ReceivedEvent } from '@shopfast/events';
import type { Notifier } from '../domain/notifier';

/**
 * Checks an event against its contract (@shopfast/events) before it reaches the notifier, and hands on
 * the parsed data. Data that does not fit the contract (or an event id that is not a uuid, our
 * idempotency key) can never succeed: dead-lettered at once, not retried.
 */
function checked<S extends z.ZodType>(schema: S, handle: (event: ReceivedEvent<z.infer<S>>) => Promise<void>): EventHandler {
  return async (event) => {
    if (!z.uuid().safeParse(event.id).success) throw new PermanentEventError('event id is not a uuid');
    const result = schema.safeParse(event.data);
    if (!result.success) throw new PermanentEventError(`invalid ${event.type} data: ${result.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    await handle({ ...event, data: result.data });
  };
}

export const orderEventHandlers = (notifier: Notifier): Record<string, EventHandler> => ({
  [EVENT_TYPES.orderPlaced]: checked(orderPlacedData, (event) => notifier.orderPlaced(event)),
});

export const shipmentEventHandlers = (notifier: Notifier): Record<string, EventHandler> => ({
  [EVENT_TYPES.shipmentUpdated]: checked(shipmentUpdatedData, (event) => notifier.shipmentUpdated(event)),
});
