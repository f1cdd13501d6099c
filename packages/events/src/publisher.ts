import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { tracer } from '@shopfast/tracing';
import { EVENT_METRICS, type EventMetrics } from './telemetry';
import { injectTraceContext } from './trace-context';

export interface EventPublisherOptions {
  /** Producing service, written to each entry's `source` field. */
  source: string;
  /** Counts `ecommerce.events.published`; optional so scripts can publish without a metrics client. */
  metrics?: EventMetrics;
  /** Streams are trimmed to about this many entries (MAXLEN ~) so Redis memory stays bounded. */
  maxLength?: number;
}

export interface PublishOptions {
  /** Event id; default a random uuid. Pass a deterministic one when the same fact may be published twice. */
  id?: string;
}

export interface PublishedEvent {
  id: string;
  /** Redis stream entry id. */
  entryId: string;
}

export interface EventPublisher {
  publish(stream: string, type: string, data: unknown, options?: PublishOptions): Promise<PublishedEvent>;
}

/**
 * Appends events to Redis Streams. Each publish is an `event.publish` producer span, and the entry
 * carries that span's context in its `trace` field, so the consumer's `event.process` span (and
 * everything under it) lands in the producer's trace.
 */
export function createEventPublisher(redis: Redis, options: EventPublisherOptions): EventPublisher {
  const maxLength = options.maxLength ?? 10_000;

  return {
    publish(stream, type, data, publishOptions = {}) {
      const id = publishOptions.id ?? randomUUID();
      const tags = {
        'span.kind': 'producer',
        'messaging.system': 'redis',
        'messaging.destination.name': stream,
        'event.type': type,
        'event.id': id,
      };
      return tracer.trace('event.publish', { resource: type, tags }, async (span) => {
        const fields = [
          'id', id,
          'type', type,
          'occurredAt', new Date().toISOString(),
          'source', options.source,
          'data', JSON.stringify(data ?? null),
          'trace', JSON.stringify(span ? injectTraceContext(span) : {}),
        ];
        const entryId = await redis.xadd(stream, 'MAXLEN', '~', maxLength, '*', ...fields);
        options.metrics?.increment(EVENT_METRICS.published, 1, { stream, type });
        return { id, entryId: entryId as string };
      });
    },
  };
}
