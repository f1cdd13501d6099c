import { createPeriodicTask, type Logger } from '@shopfast/service-kit';
import type { OutboxEvent } from '../model/outbox';
import type { OrderStore } from '../store/order-store';

/**
 * Publishes outbox events that were not published when their order was confirmed (Redis was down,
 * the process died between commit and publish). At-least-once: an event may be published twice,
 * which consumers handle by deduplicating on the event id.
 */
export function createOutboxRelay(deps: { store: OrderStore; publish: (event: OutboxEvent) => Promise<void>; logger: Logger; intervalMs: number }) {
  /** Publishes what is waiting; the timer leaves events younger than 5 s to the checkout that wrote them. */
  async function publishPending(limit = 100, minAgeSeconds = 5): Promise<number> {
    let published = 0;
    for (const event of await deps.store.unpublishedEvents(limit, minAgeSeconds)) {
      try {
        await deps.publish(event);
        published += 1;
      } catch (error) {
        deps.logger.warn({ err: error, eventId: event.id }, 'outbox event still not published');
        break;
      }
    }
    return published;
  }

  const task = createPeriodicTask({ name: 'outbox relay', intervalMs: deps.intervalMs, logger: deps.logger, run: () => publishPending() });
  return { publishPending, start: task.start, stop: task.stop };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
