import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracer } from '@shopfast/tracing';
import { newTraceContext, sameId, storeUrls, waitFor, waitForTrace } from '@shopfast/test-kit';
import { createEventConsumer } from './consumer';
import { createEventPublisher } from './publisher';

const metrics = { increment: () => undefined, distribution: () => undefined };
const stream = `test.events.trace.${randomUUID()}`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(storeUrls.redis());
});

afterAll(async () => {
  await redis.del(stream, `${stream}.dead`);
  await redis.quit();
});

describe('trace context across a stream', () => {
  it('continues the producer trace in the consumer: event.publish -> event.process -> work in the handler', async () => {
    // A root whose trace id the test chose (below 2^53, so the test agent's JSON keeps it exact).
    const test = newTraceContext();
    const root = tracer.extract('text_map', test.headers)!;
    const publisher = createEventPublisher(redis, { source: 'test-producer' });

    const published = await tracer.trace('test.checkout', { childOf: root }, async (span) => {
      const result = await publisher.publish(stream, 'order.placed', { orderId: 'o-1' });
      return { ...result, checkoutTraceId: span!.context().toTraceId() };
    });
    expect(published.checkoutTraceId).toBe(test.traceId);

    const [[, fields]] = (await redis.xrange(stream, '-', '+')) as [[string, string[]]];
    const trace = JSON.parse(fields[fields.indexOf('trace') + 1]!) as Record<string, string>;
    expect(trace['x-datadog-trace-id']).toBe(test.traceId);
    expect(trace.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);

    const seenInHandler: { traceId?: string; spanId?: string } = {};
    const consumer = createEventConsumer(redis, {
      stream,
      group: 'trace-test',
      consumer: 'c1',
      logger: pino({ level: 'silent' }),
      metrics,
      blockMs: 200,
      handlers: {
        'order.placed': async () => {
          const active = tracer.scope().active();
          seenInHandler.traceId = active?.context().toTraceId();
          seenInHandler.spanId = active?.context().toSpanId();
          await tracer.trace('test.handler_work', async () => undefined);
        },
      },
    });
    await consumer.start();
    try {
      await waitFor('the handler', async () => seenInHandler.traceId, 5_000);
    } finally {
      await consumer.stop();
    }
    expect(seenInHandler.traceId).toBe(test.traceId);

    const spans = await waitForTrace(test.traceId, (all) => ['test.checkout', 'event.publish', 'event.process', 'test.handler_work'].every((name) => all.some((s) => s.name === name)));
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    const publish = byName('event.publish');
    const process = byName('event.process');
    expect(sameId(publish.parent_id, byName('test.checkout').span_id)).toBe(true);
    expect(sameId(process.parent_id, publish.span_id)).toBe(true);
    expect(sameId(byName('test.handler_work').parent_id, process.span_id)).toBe(true);
    expect(publish).toMatchObject({ resource: 'order.placed', meta: expect.objectContaining({ 'span.kind': 'producer', 'messaging.system': 'redis', 'messaging.destination.name': stream, 'event.type': 'order.placed', 'event.id': published.id }) });
    expect(process).toMatchObject({
      resource: 'order.placed',
      meta: expect.objectContaining({ 'span.kind': 'consumer', 'messaging.consumer.group': 'trace-test', 'event.id': published.id, 'event.outcome': 'ok' }),
    });
  });

  it('starts a new trace when the entry carries no trace context', async () => {
    const bare = `${stream}.bare`;
    await redis.xadd(bare, '*', 'id', randomUUID(), 'type', 'order.placed', 'occurredAt', new Date().toISOString(), 'data', '{}');
    let traceId: string | undefined;
    const consumer = createEventConsumer(redis, {
      stream: bare, group: 'trace-test', consumer: 'c1', logger: pino({ level: 'silent' }), metrics, blockMs: 200,
      handlers: { 'order.placed': async () => void (traceId = tracer.scope().active()?.context().toTraceId()) },
    });
    await consumer.start();
    try {
      await waitFor('the handler', async () => traceId, 5_000);
    } finally {
      await consumer.stop();
      await redis.del(bare);
    }
    expect(traceId).toMatch(/^\d+$/);
  });
});
