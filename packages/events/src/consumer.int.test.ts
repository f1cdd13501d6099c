import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeUrls, waitFor } from '@shopfast/test-kit';
import { createEventConsumer, type EventConsumer, type EventConsumerOptions, type EventHandler } from './consumer';
import { PermanentEventError } from './errors';
import { createEventPublisher } from './publisher';
import type { EventMetrics } from './telemetry';

const logger = pino({ level: 'silent' });
let redis: Redis;
const streams: string[] = [];
const consumers: EventConsumer[] = [];

/** Records metric calls as DogStatsD-like strings: `name|tag:value,...`. */
function recordingMetrics() {
  const lines: string[] = [];
  const format = (name: string, tags: Record<string, string> = {}) => `${name}|${Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',')}`;
  const metrics: EventMetrics & { lines: string[]; values: Record<string, number[]> } = {
    lines,
    values: {},
    increment: (name, _value, tags) => void lines.push(format(name, tags)),
    distribution: (name, value, tags) => {
      lines.push(format(name, tags));
      (metrics.values[name] ??= []).push(value);
    },
  };
  return metrics;
}

function newStream(): string {
  const stream = `test.events.${randomUUID()}`;
  streams.push(stream);
  return stream;
}

function consumerFor(stream: string, handlers: Record<string, EventHandler>, overrides: Partial<EventConsumerOptions> = {}) {
  const consumer = createEventConsumer(redis, {
    stream,
    group: 'test-group',
    consumer: 'consumer-a',
    handlers,
    logger,
    metrics: recordingMetrics(),
    blockMs: 200,
    retryDelayMs: 50,
    ...overrides,
  });
  consumers.push(consumer);
  return consumer;
}

const pendingCount = async (stream: string, group = 'test-group') => Number(((await redis.xpending(stream, group)) as [number])[0]);

beforeAll(() => {
  redis = new Redis(storeUrls.redis());
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  for (const stream of streams.splice(0)) await redis.del(stream, `${stream}.dead`);
});

afterAll(() => redis.quit());

describe('publishing and consuming', () => {
  it('delivers a published event to the handler of its type and acknowledges it', async () => {
    const stream = newStream();
    const received: unknown[] = [];
    const consumer = consumerFor(stream, { 'thing.happened': async (event) => void received.push(event) });
    await consumer.start();
    const published = await createEventPublisher(redis, { source: 'test-producer' }).publish(stream, 'thing.happened', { answer: 42 });

    await waitFor('the event to be handled', async () => (received.length > 0 ? true : undefined), 5_000);
    expect(received).toEqual([
      expect.objectContaining({ id: published.id, entryId: published.entryId, type: 'thing.happened', source: 'test-producer', stream, data: { answer: 42 } }),
    ]);
    expect(Date.parse((received[0] as { occurredAt: string }).occurredAt)).toBeGreaterThan(Date.now() - 10_000);
    await waitFor('the ack', async () => ((await pendingCount(stream)) === 0 ? true : undefined), 2_000);
  });

  it('writes the contract fields on the entry and bounds the stream length', async () => {
    const stream = newStream();
    const { id } = await createEventPublisher(redis, { source: 'test-producer', maxLength: 50 }).publish(stream, 'thing.happened', { a: 1 });
    const [[, fields]] = (await redis.xrange(stream, '-', '+')) as [[string, string[]]];
    const record = Object.fromEntries(fields.reduce<string[][]>((pairs, value, i) => (i % 2 ? pairs[pairs.length - 1]!.push(value) : pairs.push([value]), pairs), []));
    expect(record).toMatchObject({ id, type: 'thing.happened', source: 'test-producer', data: '{"a":1}' });
    expect(record.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(() => JSON.parse(record.trace!)).not.toThrow();

    const publisher = createEventPublisher(redis, { source: 'test-producer', maxLength: 50 });
    for (let i = 0; i < 300; i++) await publisher.publish(stream, 'thing.happened', { i });
    // MAXLEN ~ trims whole macro nodes: about 50, never the full 301.
    expect(await redis.xlen(stream)).toBeLessThan(250);
  });

  it('counts published events by stream and type', async () => {
    const stream = newStream();
    const metrics = recordingMetrics();
    await createEventPublisher(redis, { source: 'test-producer', metrics }).publish(stream, 'thing.happened', {});
    expect(metrics.lines).toEqual([`ecommerce.events.published|stream:${stream},type:thing.happened`]);
  });

  it('acknowledges events of a type it has no handler for, without failing', async () => {
    const stream = newStream();
    const metrics = recordingMetrics();
    const consumer = consumerFor(stream, { 'thing.happened': async () => undefined }, { metrics });
    await consumer.start();
    await createEventPublisher(redis, { source: 'test' }).publish(stream, 'other.thing', {});
    await waitFor('the ignored event', async () => (metrics.lines.length > 0 ? true : undefined), 5_000);
    expect(metrics.lines).toEqual(['ecommerce.events.processed|type:other,group:test-group,outcome:ignored']);
    expect(await pendingCount(stream)).toBe(0);
  });
});

describe('failures', () => {
  it('redelivers an event whose handler failed until it succeeds, then acknowledges it', async () => {
    const stream = newStream();
    const metrics = recordingMetrics();
    const attempts: string[] = [];
    const consumer = consumerFor(stream, {
      'thing.happened': async (event) => {
        attempts.push(event.id);
        if (attempts.length < 3) throw new Error('database briefly away');
      },
    }, { metrics });
    await consumer.start();
    const { id } = await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', {});

    await waitFor('the third attempt', async () => (attempts.length >= 3 ? true : undefined), 5_000);
    await waitFor('the ack', async () => ((await pendingCount(stream)) === 0 ? true : undefined), 2_000);
    expect(attempts).toEqual([id, id, id]);
    expect(metrics.lines.filter((line) => line.startsWith('ecommerce.events.processed'))).toEqual([
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:retry',
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:retry',
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:ok',
    ]);
    expect(metrics.lines).toContain('ecommerce.events.lag|type:thing.happened,group:test-group');
    expect(metrics.values['ecommerce.events.lag']![0]).toBeGreaterThanOrEqual(0);
    expect(await redis.xlen(`${stream}.dead`)).toBe(0);
  });

  it('moves an event to <stream>.dead after the maximum number of deliveries and acknowledges it', async () => {
    const stream = newStream();
    const metrics = recordingMetrics();
    let attempts = 0;
    const consumer = consumerFor(stream, {
      'thing.happened': async () => {
        attempts++;
        throw new Error('always broken');
      },
    }, { metrics, maxDeliveries: 3 });
    await consumer.start();
    const { id } = await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', { keep: 'me' });

    await waitFor('the dead letter', async () => ((await redis.xlen(`${stream}.dead`)) === 1 ? true : undefined), 5_000);
    const [[, fields]] = (await redis.xrange(`${stream}.dead`, '-', '+')) as [[string, string[]]];
    const dead = Object.fromEntries(fields.flatMap((value, i) => (i % 2 === 0 ? [[value, fields[i + 1]]] : [])));
    expect(dead).toMatchObject({ id, type: 'thing.happened', data: '{"keep":"me"}' });
    expect(JSON.parse(dead.deadLetter!)).toMatchObject({ group: 'test-group', deliveries: 3, reason: 'always broken' });
    expect(attempts).toBe(3);
    expect(await pendingCount(stream)).toBe(0);
    expect(metrics.lines.filter((line) => line.includes('outcome:'))).toEqual([
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:retry',
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:retry',
      'ecommerce.events.processed|type:thing.happened,group:test-group,outcome:dead_letter',
    ]);
  });

  it('dead-letters at once when the handler says the event can never succeed', async () => {
    const stream = newStream();
    let attempts = 0;
    const consumer = consumerFor(stream, {
      'thing.happened': async () => {
        attempts++;
        throw new PermanentEventError('data is invalid');
      },
    });
    await consumer.start();
    await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', {});
    await waitFor('the dead letter', async () => ((await redis.xlen(`${stream}.dead`)) === 1 ? true : undefined), 5_000);
    expect(attempts).toBe(1);
  });

  it('dead-letters an entry that is not an event (no type, data not JSON) without calling a handler', async () => {
    const stream = newStream();
    let calls = 0;
    const consumer = consumerFor(stream, { 'thing.happened': async () => void calls++ });
    await consumer.start();
    await redis.xadd(stream, '*', 'id', randomUUID(), 'data', '{not json');
    await waitFor('the dead letter', async () => ((await redis.xlen(`${stream}.dead`)) === 1 ? true : undefined), 5_000);
    expect(calls).toBe(0);
    expect(await pendingCount(stream)).toBe(0);
  });
});

describe('recovery and sharing', () => {
  it('reprocesses its own pending entries when it starts again (crash before the ack)', async () => {
    const stream = newStream();
    await redis.xgroup('CREATE', stream, 'test-group', '0', 'MKSTREAM');
    const { id } = await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', {});
    // A previous run of consumer-a read the entry and died before acknowledging it.
    await redis.xreadgroup('GROUP', 'test-group', 'consumer-a', 'COUNT', 10, 'STREAMS', stream, '>');
    expect(await pendingCount(stream)).toBe(1);

    const handled: string[] = [];
    await consumerFor(stream, { 'thing.happened': async (event) => void handled.push(event.id) }).start();
    await waitFor('the pending entry', async () => (handled.length > 0 ? true : undefined), 5_000);
    expect(handled).toEqual([id]);
    await waitFor('the ack', async () => ((await pendingCount(stream)) === 0 ? true : undefined), 2_000);
  });

  it('claims entries left pending too long by a consumer that died', async () => {
    const stream = newStream();
    await redis.xgroup('CREATE', stream, 'test-group', '0', 'MKSTREAM');
    const { id } = await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', {});
    await redis.xreadgroup('GROUP', 'test-group', 'dead-consumer', 'COUNT', 10, 'STREAMS', stream, '>');

    const handled: string[] = [];
    await consumerFor(stream, { 'thing.happened': async (event) => void handled.push(event.id) }, { consumer: 'survivor', claimIdleMs: 300, claimIntervalMs: 100 }).start();
    await waitFor('the claimed entry', async () => (handled.length > 0 ? true : undefined), 5_000);
    expect(handled).toEqual([id]);
    await waitFor('the ack', async () => ((await pendingCount(stream)) === 0 ? true : undefined), 2_000);
  });

  it('shares the events of one group between two consumers, each event handled once', async () => {
    const stream = newStream();
    const seen = { a: [] as string[], b: [] as string[] };
    const slowHandler = (into: string[]): EventHandler => async (event) => {
      into.push(event.id);
      await new Promise((resolve) => setTimeout(resolve, 15));
    };
    await consumerFor(stream, { 'thing.happened': slowHandler(seen.a) }, { consumer: 'a', batchSize: 1 }).start();
    await consumerFor(stream, { 'thing.happened': slowHandler(seen.b) }, { consumer: 'b', batchSize: 1 }).start();
    const publisher = createEventPublisher(redis, { source: 'test' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await publisher.publish(stream, 'thing.happened', { i })).id);

    await waitFor('all events', async () => (seen.a.length + seen.b.length >= 30 ? true : undefined), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a duplicate to show up
    const all = [...seen.a, ...seen.b];
    expect(new Set(all).size).toBe(30);
    expect(all.length).toBe(30);
    expect([...all].sort()).toEqual([...ids].sort());
    expect(seen.a.length).toBeGreaterThan(0);
    expect(seen.b.length).toBeGreaterThan(0);
  });

  it('creates its group again when the stream disappears (Redis lost its data) and goes on consuming', async () => {
    const stream = newStream();
    const handled: unknown[] = [];
    await consumerFor(stream, { 'thing.happened': async (event) => void handled.push(event.data) }).start();
    const publisher = createEventPublisher(redis, { source: 'test' });
    await publisher.publish(stream, 'thing.happened', { n: 1 });
    await waitFor('the first event', async () => (handled.length === 1 ? true : undefined), 5_000);
    await redis.del(stream); // the stream and its consumer group are gone
    await new Promise((resolve) => setTimeout(resolve, 300)); // the consumer now reads into NOGROUP errors
    await redis.xgroup('CREATE', stream, 'other-group', '$', 'MKSTREAM').catch(() => undefined);
    await waitFor('the group created again', async () => ((await redis.xinfo('GROUPS', stream)) as unknown[][]).some((group) => group.includes('test-group')) || undefined, 5_000);
    await publisher.publish(stream, 'thing.happened', { n: 2 });
    await waitFor('the event after the loss', async () => (handled.length === 2 ? true : undefined), 5_000);
    expect(handled).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('stops promptly while blocked on an empty stream, and reads nothing afterwards', async () => {
    const stream = newStream();
    let calls = 0;
    const consumer = consumerFor(stream, { 'thing.happened': async () => void calls++ }, { blockMs: 1_000 });
    await consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    await consumer.stop();
    // Bounded by one BLOCK (1 s) plus closing; the margin absorbs a loaded CI machine, a hang would not fit.
    expect(Date.now() - started).toBeLessThan(3_000);

    await createEventPublisher(redis, { source: 'test' }).publish(stream, 'thing.happened', {});
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls).toBe(0);
  });
});
