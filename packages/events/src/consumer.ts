import type { Redis } from 'ioredis';
import { tracer } from '@shopfast/tracing';
import { deadLetterStream } from './event-contracts';
import { decodeEvent, fieldsToRecord, type ReceivedEvent } from './envelope';
import { PermanentEventError } from './errors';
import { EVENT_METRICS, type EventLogger, type EventMetrics, type ProcessOutcome } from './telemetry';
import { extractTraceContext } from './trace-context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventHandler<T = any> = (event: ReceivedEvent<T>) => Promise<void>;

export interface EventConsumerOptions {
  stream: string;
  /** Consumer group: each event is handled once per group (at least once). */
  group: string;
  /** This instance's name in the group; keep it stable across restarts so its pending entries are resumed. */
  consumer: string;
  /** By event type. Types without a handler are acknowledged and counted as `ignored`. */
  handlers: Record<string, EventHandler>;
  logger: EventLogger;
  metrics: EventMetrics;
  /** How long one read waits for new entries; also the longest `stop()` waits for an idle loop. Default 1000. */
  blockMs?: number;
  /** Entries per read. Default 10. */
  batchSize?: number;
  /** Deliveries after which a failing entry goes to `<stream>.dead`. Default 5. */
  maxDeliveries?: number;
  /** Wait before a failed entry is tried again; doubles while retries keep failing. Default 1000. */
  retryDelayMs?: number;
  /** Upper bound of that doubling wait. Default 30000. */
  maxRetryDelayMs?: number;
  /** Entries pending this long on another consumer (presumed dead) are claimed. Default 30000. */
  claimIdleMs?: number;
  /** How often to look for such entries. Default 10000. */
  claimIntervalMs?: number;
}

export interface EventConsumer {
  /** Creates the group if needed (MKSTREAM) and starts the read loop in the background. */
  start(): Promise<void>;
  /** Finishes the entry in hand, stops reading and closes the reading connection. Bounded by blockMs + one handler. */
  stop(): Promise<void>;
}

type RawEntry = [entryId: string, fields: string[] | null];
type ReadReply = [stream: string, entries: RawEntry[]][] | null;

/**
 * A Redis Streams consumer-group reader. Delivery is at least once: an entry is acknowledged only
 * after its handler succeeded, so handlers must be idempotent (deduplicate by `event.id`).
 *
 * Loop: reprocess this consumer's own pending entries (at start, and `retryDelayMs` after a failure),
 * claim entries left by dead consumers (XAUTOCLAIM), then block on new entries (`>`).
 * A failure leaves the entry pending; after `maxDeliveries` it is copied to `<stream>.dead` and acknowledged.
 */
export function createEventConsumer(redis: Redis, options: EventConsumerOptions): EventConsumer {
  const { stream, group, consumer, handlers, logger, metrics } = options;
  const blockMs = options.blockMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  const maxDeliveries = options.maxDeliveries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const claimIntervalMs = options.claimIntervalMs ?? 10_000;
  const context = { stream, group, consumer };

  // A blocking XREADGROUP holds its connection: it gets its own, never the service's shared one.
  let reader: Redis | undefined;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function ensureGroup(): Promise<void> {
    try {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  const record = (outcome: ProcessOutcome, type: string) => metrics.increment(EVENT_METRICS.processed, 1, { type, group, outcome });

  async function deliveries(entryId: string): Promise<number> {
    const reply = (await redis.xpending(stream, group, entryId, entryId, 1)) as [string, string, number, number][];
    return reply[0]?.[3] ?? 1;
  }

  async function deadLetter(entryId: string, fields: string[], reason: string, deliveryCount: number): Promise<void> {
    const meta = JSON.stringify({ stream, group, entryId, deliveries: deliveryCount, reason, at: new Date().toISOString() });
    await redis.xadd(deadLetterStream(stream), 'MAXLEN', '~', 10_000, '*', ...fields, 'deadLetter', meta);
    await redis.xack(stream, group, entryId);
  }

  /** Returns true when the entry failed and stays pending for a retry. */
  async function processEntry([entryId, rawFields]: RawEntry): Promise<boolean> {
    if (rawFields === null) {
      // Trimmed from the stream (MAXLEN) while pending: nothing left to process.
      logger.warn({ ...context, entryId }, 'pending event was trimmed from the stream; acknowledging it');
      await redis.xack(stream, group, entryId);
      return false;
    }
    let decoded: ReturnType<typeof decodeEvent>;
    try {
      decoded = decodeEvent(stream, entryId, fieldsToRecord(rawFields));
    } catch (error) {
      logger.error({ ...context, entryId, err: error }, 'malformed event moved to the dead-letter stream');
      await deadLetter(entryId, rawFields, (error as Error).message, 1);
      record('dead_letter', 'unknown');
      return false;
    }
    const { event, trace } = decoded;
    const handler = handlers[event.type];
    if (!handler) {
      logger.debug({ ...context, entryId, eventType: event.type }, 'no handler for this event type; acknowledging it');
      await redis.xack(stream, group, entryId);
      record('ignored', 'other');
      return false;
    }

    const pickedUpAt = Date.now();
    const tags = {
      'span.kind': 'consumer',
      'messaging.system': 'redis',
      'messaging.destination.name': stream,
      'messaging.consumer.group': group,
      'event.type': event.type,
      'event.id': event.id,
    };
    // childOf the producer's context: this span and everything the handler does join the producer's trace.
    return tracer.trace('event.process', { childOf: extractTraceContext(trace), resource: event.type, tags }, async (span) => {
      try {
        await handler(event);
      } catch (error) {
        span?.setTag('error', error);
        const count = await deliveries(entryId);
        const permanent = error instanceof PermanentEventError;
        const log = { ...context, entryId, eventId: event.id, eventType: event.type, deliveries: count, err: error };
        if (permanent || count >= maxDeliveries) {
          span?.setTag('event.outcome', 'dead_letter');
          logger.error(log, 'event handler failed for good; moved to the dead-letter stream');
          await deadLetter(entryId, rawFields, (error as Error).message ?? String(error), count);
          record('dead_letter', event.type);
          return false;
        }
        span?.setTag('event.outcome', 'retry');
        logger.warn(log, 'event handler failed; the event stays pending and will be retried');
        record('retry', event.type);
        return true;
      }
      await redis.xack(stream, group, entryId);
      span?.setTag('event.outcome', 'ok');
      metrics.distribution(EVENT_METRICS.lag, pickedUpAt - Date.parse(event.occurredAt), { type: event.type, group });
      record('ok', event.type);
      return false;
    });
  }

  /** Processes entries one by one, stopping between entries when asked; true if any failed. */
  async function processAll(entries: RawEntry[]): Promise<boolean> {
    let failed = false;
    for (const entry of entries) {
      if (!running) break;
      if (await processEntry(entry)) failed = true;
    }
    return failed;
  }

  async function read(id: string, block?: number): Promise<RawEntry[]> {
    const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', batchSize];
    if (block !== undefined) args.push('BLOCK', block);
    const reply = (await reader!.call('XREADGROUP', ...args, 'STREAMS', stream, id)) as ReadReply;
    return reply?.[0]?.[1] ?? [];
  }

  async function claimAbandoned(): Promise<boolean> {
    let cursor = '0-0';
    let failed = false;
    // Bounded: a few pages per round, the rest next round.
    for (let page = 0; page < 10 && running; page++) {
      const reply = (await reader!.call('XAUTOCLAIM', stream, group, consumer, claimIdleMs, cursor, 'COUNT', batchSize)) as [string, RawEntry[]];
      const [next, entries] = reply;
      if (entries.length > 0) logger.info({ ...context, claimed: entries.length }, 'claimed events left pending by another consumer');
      if (await processAll(entries)) failed = true;
      if (next === '0-0') break;
      cursor = next;
    }
    return failed;
  }

  async function run(): Promise<void> {
    // Own pending entries are due at start (left by a crash or a stop mid-batch) and after a failure.
    let pendingDueAt: number | null = 0;
    let nextClaimAt = 0;
    // Retry rounds that failed in a row: the wait doubles so an outage (SMTP, database) of a minute
    // does not burn through maxDeliveries in a few seconds.
    let failedRounds = 0;
    const retryAt = () => Date.now() + Math.min(retryDelayMs * 2 ** Math.min(failedRounds, 20), maxRetryDelayMs);
    while (running) {
      try {
        if (pendingDueAt !== null && Date.now() >= pendingDueAt) {
          const pending = await read('0');
          if (pending.length === 0) {
            pendingDueAt = null;
            failedRounds = 0;
          } else if (await processAll(pending)) {
            failedRounds++;
            pendingDueAt = retryAt();
          } else {
            pendingDueAt = Date.now();
          }
          continue;
        }
        if (Date.now() >= nextClaimAt) {
          nextClaimAt = Date.now() + claimIntervalMs;
          if (await claimAbandoned()) pendingDueAt ??= retryAt();
          continue;
        }
        const block = pendingDueAt === null ? blockMs : Math.max(1, Math.min(blockMs, pendingDueAt - Date.now()));
        const fresh = await read('>', block);
        if (await processAll(fresh)) pendingDueAt ??= retryAt();
      } catch (error) {
        if (!running) break;
        // The stream or its group is gone (Redis restarted without its data, or the stream was deleted):
        // create them again, or this consumer would fail on every read from now on.
        if (String((error as Error).message).includes('NOGROUP')) {
          logger.warn({ ...context }, 'consumer group missing (Redis lost its data?); creating it again');
          await ensureGroup().catch(() => undefined);
          pendingDueAt = 0;
          continue;
        }
        logger.error({ ...context, err: error }, 'event consumer loop failed; retrying shortly');
        await sleep(Math.min(retryDelayMs, 1_000));
      }
    }
  }

  return {
    async start() {
      if (running) return;
      await ensureGroup();
      reader = redis.duplicate();
      reader.on('error', () => undefined);
      running = true;
      loop = run();
      logger.info(context, 'event consumer started');
    },

    async stop() {
      if (!running) return;
      running = false;
      wake?.();
      await loop;
      await reader?.quit().catch(() => reader?.disconnect());
      logger.info(context, 'event consumer stopped');
    },
  };
}
