import type { Redis } from 'ioredis';
import { createEventPublisher, extractTraceContext } from '@shopfast/events';
import type { Metrics } from '@shopfast/service-kit';
import { traced, tracer } from '@shopfast/tracing';
import type { OutboxEvent } from '../model/outbox';

/**
 * Publishes an outbox event to its Redis stream with the event's own id, so a second publish of the
 * same event (relay after a crash) is recognisable by consumers. Published during a checkout, it joins
 * the active trace; published later by the relay, it is parented to the checkout's stored context,
 * so shipping and notification still appear in the customer's checkout trace.
 */
export function createOrderEventPublisher(deps: { redis: Redis; metrics: Metrics }) {
  const publisher = createEventPublisher(deps.redis, { source: 'order', metrics: deps.metrics });
  const publish = (event: OutboxEvent) => publisher.publish(event.stream, event.type, event.data, { id: event.id });

  return async (event: OutboxEvent): Promise<void> => {
    if (tracer.scope().active()) {
      await publish(event);
      return;
    }
    const parent = extractTraceContext(event.trace) ?? undefined;
    await traced('outbox.relay', { resource: event.type, childOf: parent, tags: { 'event.id': event.id } }, () => publish(event));
  };
}
