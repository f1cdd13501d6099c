import { tracer } from '@shopfast/tracing';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPublisher, type OrderPlacedData, type ShipmentUpdatedData } from '@shopfast/events';
import { startSmtpSink, type SmtpSink } from '@shopfast/smtp-sink';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { callerHeaders, freshPostgresDatabase, listenedMetrics, newTraceContext, storeUrls, testCallers, waitFor, waitForTrace } from '@shopfast/test-kit';
import { createSmtpMailer, type Mailer } from './clients/smtp-mailer';
import { migrations } from './store/migrations';
import { wireNotification, type NotificationService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('notification');
const { metrics } = listened;
// Streams of this run only, so the running stack's notification service never sees these events.
const ordersStream = `test.notification.orders.${randomUUID()}`;
const shipmentsStream = `test.notification.shipments.${randomUUID()}`;
const from = 'ShopFast <orders@shopfast.local>';
let pool: PgPool;
let redis: Redis;
let sink: SmtpSink;
let mailer: Mailer;
let service: NotificationService;
let app: NotificationService['app'];
const cleanups: (() => Promise<unknown>)[] = [];

const publisher = () => createEventPublisher(redis, { source: 'test' });
const newOrder = (overrides: Partial<OrderPlacedData> = {}): OrderPlacedData => ({
  orderId: randomUUID(),
  userId: randomUUID(),
  email: `buyer-${randomUUID().slice(0, 8)}@example.test`,
  customerName: 'Ada Lovelace',
  items: [
    { productId: 'p1', sku: 'KET-001', name: 'Kettle', quantity: 2, unitPrice: 19.99 },
    { productId: 'p2', sku: 'MUG-002', name: 'Mug', quantity: 1, unitPrice: 7.5 },
  ],
  total: 47.48,
  currency: 'USD',
  shippingMethod: 'standard',
  shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
  ...overrides,
});
const shipment = (order: OrderPlacedData, status: ShipmentUpdatedData['status']): ShipmentUpdatedData => ({
  orderId: order.orderId, userId: order.userId, email: order.email, status, carrier: 'USPS', trackingNumber: 'SF0123456789',
});

const mailTo = (address: string) => sink.messages().filter((message) => message.to.includes(address));
const waitForMail = (address: string, count = 1) => waitFor(`${count} e-mail(s) to ${address}`, async () => (mailTo(address).length >= count ? mailTo(address) : undefined), 5_000);
const pending = async (stream: string) => Number(((await redis.xpending(stream, 'notification')) as [number])[0]);

/** The notification service as main.ts wires it, on the test database and streams, its consumers polling every 200 ms. */
const notificationService = (mailerUnderTest: Mailer, streams: { orders: string; shipments: string }) =>
  wireNotification({
    config: { EVENTS_CONSUMER_NAME: 'test' },
    logger,
    metrics,
    callers: testCallers('notification'),
    pool,
    redis,
    mailer: mailerUnderTest,
    streams,
    consumerTiming: { blockMs: 200, retryDelayMs: 100 },
  });

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_notification_integration_test'), 'notification-test');
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-notifications']);
  redis = new Redis(storeUrls.redis());
  sink = await startSmtpSink({ smtpPort: 0, apiPort: 0 });
  mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${sink.smtpPort}`, from });
  service = notificationService(mailer, { orders: ordersStream, shipments: shipmentsStream });
  await service.jobs.start();
  app = service.app;
});

afterAll(async () => {
  await service?.jobs.stop();
  for (const cleanup of cleanups.reverse()) await cleanup();
  await metrics.close();
  mailer?.close();
  await sink?.close();
  await redis?.del(ordersStream, shipmentsStream, `${ordersStream}.dead`, `${shipmentsStream}.dead`);
  await redis?.quit();
  await pool?.end();
});

/** The gateway's token for an administrator's request: the one caller of GET /notifications. */
const asAdmin = () => callerHeaders('gateway', 'notification', { admin: true });
const listAsAdmin = async (query: { orderId: string }) => request(app).get('/notifications').set(await asAdmin()).query(query);

describe('order confirmation', () => {
  it('e-mails the customer their items and total when an order is placed, and records it', async () => {
    await listened.reset();
    const order = newOrder();
    await publisher().publish(ordersStream, 'order.placed', order);

    const [mail] = await waitForMail(order.email);
    expect(mail).toMatchObject({ from: 'orders@shopfast.local', to: [order.email], subject: `Your ShopFast order ${order.orderId} is confirmed` });
    expect(mail!.text).toContain('Hello Ada Lovelace');
    expect(mail!.text).toContain('2 x Kettle (KET-001)  39.98 USD');
    expect(mail!.text).toContain('1 x Mug (MUG-002)  7.50 USD');
    expect(mail!.text).toContain('Total: 47.48 USD');

    const list = await waitFor('the record', async () => {
      const response = await listAsAdmin({ orderId: order.orderId });
      return response.body.items?.length ? response : undefined;
    }, 3_000);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [{ id: expect.any(String), orderId: order.orderId, kind: 'order_confirmation', to: order.email, subject: mail!.subject, sentAt: expect.stringMatching(/^\d{4}-/) }],
    });
    const { rows } = await pool.query('SELECT message_id FROM notifications WHERE order_id = $1', [order.orderId]);
    expect(rows[0].message_id).toBe(mail!.messageId);
    expect(await listened.received('ecommerce.notifications.sent')).toEqual(['ecommerce.notifications.sent:1|c|#kind:order_confirmation,channel:email']);
  });

  it('sends one e-mail when the same event is delivered twice', async () => {
    const order = newOrder();
    const id = randomUUID();
    await publisher().publish(ordersStream, 'order.placed', order, { id });
    await publisher().publish(ordersStream, 'order.placed', order, { id });
    await waitForMail(order.email);
    await waitFor('both deliveries handled', async () => ((await pending(ordersStream)) === 0 ? true : undefined), 3_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailTo(order.email)).toHaveLength(1);
    expect((await listAsAdmin({ orderId: order.orderId })).body.items).toHaveLength(1);
  });

  it('dead-letters an order.placed it cannot use, sending nothing', async () => {
    const order = newOrder({ email: 'not-an-address' });
    await publisher().publish(ordersStream, 'order.placed', order);
    await waitFor('the dead letter', async () => ((await redis.xlen(`${ordersStream}.dead`)) > 0 ? true : undefined), 5_000);
    expect(sink.messages().filter((message) => message.subject.includes(order.orderId))).toEqual([]);
  });
});

describe('shipping e-mails', () => {
  it('says nothing at label_created, then mails "on its way" with the tracking number and "delivered"', async () => {
    const order = newOrder();
    await publisher().publish(shipmentsStream, 'shipment.updated', shipment(order, 'label_created'));
    await publisher().publish(shipmentsStream, 'shipment.updated', shipment(order, 'in_transit'));
    const [onItsWay] = await waitForMail(order.email);
    expect(onItsWay!.subject).toBe(`Your ShopFast order ${order.orderId} is on its way`);
    expect(onItsWay!.text).toContain('Tracking number: SF0123456789');

    // The same fact published again under a new event id is still one e-mail per kind.
    await publisher().publish(shipmentsStream, 'shipment.updated', shipment(order, 'in_transit'));
    await publisher().publish(shipmentsStream, 'shipment.updated', shipment(order, 'delivered'));
    const mails = await waitForMail(order.email, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailTo(order.email).map((mail) => mail.subject)).toEqual([
      `Your ShopFast order ${order.orderId} is on its way`,
      `Your ShopFast order ${order.orderId} has been delivered`,
    ]);
    expect(mails[1]!.text).toContain('SF0123456789');
    const { body } = await listAsAdmin({ orderId: order.orderId });
    expect(body.items.map((item: { kind: string }) => item.kind).sort()).toEqual(['shipment_delivered', 'shipment_in_transit']);
  });
});

describe('when SMTP fails', () => {
  it('records nothing, counts the failure, and sends on a retry once the server accepts again', async () => {
    let attempts = 0;
    const flaky = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          attempts++;
          callback(attempts === 1 ? Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }) : null);
        });
      },
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => flaky.close(() => resolve())));
    const flakyMailer = createSmtpMailer({ url: `smtp://127.0.0.1:${(flaky.server.address() as AddressInfo).port}`, from });
    cleanups.push(async () => flakyMailer.close());
    const streams = { orders: `${ordersStream}.flaky`, shipments: `${shipmentsStream}.flaky` };
    cleanups.push(() => redis.del(streams.orders, streams.shipments));
    const flakyService = notificationService(flakyMailer, streams);
    await flakyService.jobs.start();
    cleanups.push(() => flakyService.jobs.stop());

    await listened.reset();
    const order = newOrder();
    await publisher().publish(streams.orders, 'order.placed', order);
    await waitFor('the first, failed attempt', async () => (attempts >= 1 ? true : undefined), 5_000);
    expect(await listened.received('ecommerce.notifications.failed')).toEqual(['ecommerce.notifications.failed:1|c|#kind:order_confirmation']);

    await waitFor('the retry', async () => (attempts >= 2 ? true : undefined), 5_000);
    const items = await waitFor('the record', async () => {
      const { body } = await listAsAdmin({ orderId: order.orderId });
      return body.items.length > 0 ? body.items : undefined;
    }, 3_000);
    expect(items).toHaveLength(1);
    expect(attempts).toBe(2);
    expect(await listened.received('ecommerce.events.processed')).toEqual([
      'ecommerce.events.processed:1|c|#type:order.placed,group:notification,outcome:retry',
      'ecommerce.events.processed:1|c|#type:order.placed,group:notification,outcome:ok',
    ]);
  });
});

describe('tracing', () => {
  it('sends the e-mail inside the order trace: event.publish -> event.process -> notification.send_email', async () => {
    const test = newTraceContext();
    const order = newOrder();
    await tracer.trace('test.checkout', { childOf: tracer.extract('text_map', test.headers)! }, () => publisher().publish(ordersStream, 'order.placed', order));
    await waitForMail(order.email);

    const spans = await waitForTrace(test.traceId, (all) => all.some((span) => span.name === 'notification.send_email'));
    const process = spans.find((span) => span.name === 'event.process')!;
    const send = spans.find((span) => span.name === 'notification.send_email')!;
    expect(process.meta['messaging.consumer.group']).toBe('notification');
    expect(BigInt(send.parent_id)).toBe(BigInt(process.span_id));
    expect(send).toMatchObject({ resource: 'order_confirmation', meta: expect.objectContaining({ 'notification.kind': 'order_confirmation' }) });
    // No personal data on the span.
    expect(JSON.stringify(send)).not.toContain(order.email);
  });
});

describe('GET /notifications', () => {
  it('answers an empty list for an order without e-mails', async () => {
    const response = await listAsAdmin({ orderId: randomUUID() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [] });
  });

  it('rejects a missing, malformed or hostile order id with 400', async () => {
    for (const query of ['', '?orderId=', '?orderId=123', "?orderId=' OR 1=1 --", '?orderId[$ne]=x', `?orderId=${randomUUID()}&limit=5`]) {
      const response = await request(app).get(`/notifications${query}`).set(await asAdmin());
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});

describe('who may call', () => {
  /** An order with a sent confirmation, so a refused list has something it could have leaked. */
  async function orderWithMail() {
    const order = newOrder();
    await publisher().publish(ordersStream, 'order.placed', order);
    await waitFor('the record', async () => ((await listAsAdmin({ orderId: order.orderId })).body.items?.length ? true : undefined), 3_000);
    return order;
  }

  it('refuses the list without a service token with 401, whatever x-admin and x-user-id say, showing no address', async () => {
    const order = await orderWithMail();
    for (const headers of [{}, { 'x-admin': 'true' }, { 'x-admin': 'true', 'x-user-id': order.userId }, await callerHeaders('gateway', 'order', { admin: true })]) {
      const refused = await request(app).get('/notifications').set(headers).query({ orderId: order.orderId });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      expect(refused.text).not.toContain(order.email);
    }
  });

  it('answers 403 to the gateway without an administrator, even for the order\'s own customer, and to every other app', async () => {
    const order = await orderWithMail();
    for (const headers of [
      await callerHeaders('gateway', 'notification'),
      await callerHeaders('gateway', 'notification', { userId: order.userId }),
      await callerHeaders('order', 'notification', { admin: true }),
      await callerHeaders('shipping', 'notification'),
    ]) {
      const refused = await request(app).get('/notifications').set(headers).query({ orderId: order.orderId });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect(refused.text).not.toContain(order.email);
    }
  });
});
