import type { Logger } from '@shopfast/service-kit';
import type { OrderStore, OutboxEvent } from '../store/order-store';

/**
 * Publishes outbox events that were not published when their order was confirmed (Redis was down,
 * the process died between commit and publish). At-least-once: an event may be published twice,
 * which consumers handle by deduplicating on the event id.
 */
export function createOutboxRelay(deps: { store: OrderStore; publish: (event: OutboxEvent) => Promise<void>; logger: Logger; intervalMs: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function publishPending(limit = 100): Promise<number> {
    let published = 0;
    for (const event of await deps.store.unpublishedEvents(limit)) {
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

  return {
    publishPending,
    start(): void {
      timer = setInterval(() => {
        running ??= publishPending()
          .catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'outbox relay pass failed');
            return 0;
          })
          .finally(() => (running = undefined));
      }, deps.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
