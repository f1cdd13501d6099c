/**
 * The slices of the service-kit logger (pino) and metrics client this package uses. Structural, so
 * any service's `logger` and `metrics` fit without this package depending on service-kit.
 */
export interface EventLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface EventMetrics {
  increment(name: string, value?: number, tags?: Record<string, string>): void;
  distribution(name: string, value: number, tags?: Record<string, string>): void;
}

export const EVENT_METRICS = {
  published: 'ecommerce.events.published',
  processed: 'ecommerce.events.processed',
  lag: 'ecommerce.events.lag',
} as const;

export type ProcessOutcome = 'ok' | 'retry' | 'dead_letter' | 'ignored';

/**
 * Redis commands the consumer loop sends on its own every second or so (blocking reads, claims).
 * Traced, each would be a lonely root span; a service turns them off with
 * `tracer.use('ioredis', { blocklist: CONSUMER_POLL_COMMANDS })`. XACK, XPENDING and the
 * dead-letter XADD run inside `event.process` and stay traced.
 */
export const CONSUMER_POLL_COMMANDS = ['xreadgroup', 'xautoclaim'];
