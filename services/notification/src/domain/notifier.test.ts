import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import type { OrderPlacedData, ReceivedEvent } from '@shopfast/events';
import type { Mailer } from '../clients/smtp-mailer';
import type { NotificationStore } from '../store/notification-store';
import { createNotifier } from './notifier';

const metrics = { increment: () => undefined, distribution: () => undefined, histogram: () => undefined, gauge: () => undefined } as never;
const store = { alreadySent: async () => false, record: async () => undefined } as unknown as NotificationStore;
const placed = (): ReceivedEvent<OrderPlacedData> => ({
  id: randomUUID(),
  type: 'order.placed',
  occurredAt: new Date().toISOString(),
  stream: 'shopfast.orders',
  entryId: '1-0',
  data: {
    orderId: randomUUID(),
    userId: randomUUID(),
    email: 'ada@example.test',
    customerName: 'Ada Lovelace',
    items: [{ productId: 'p-1', sku: 'SKU-1', name: 'Lamp', quantity: 1, unitPrice: 10 }],
    total: 14.99,
    currency: 'USD',
    shippingMethod: 'standard',
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
  },
});

function recordingMailer() {
  const sentAt: number[] = [];
  const mailer: Mailer = {
    send: async () => {
      sentAt.push(performance.now());
      return `<${randomUUID()}@test>`;
    },
    close: () => undefined,
  };
  return { mailer, sentAt };
}

describe('e-mail under the emailSlow fault', () => {
  it('sends each e-mail only after the fault value', async () => {
    const { mailer, sentAt } = recordingMailer();
    const faults: FaultFlags = { number: async (key) => (key === 'emailSlow' ? 300 : 0), enabled: async () => false };
    const notifier = createNotifier({ store, mailer, metrics, logger: pino({ level: 'silent' }), faults });
    const started = performance.now();
    await notifier.orderPlaced(placed());
    expect(sentAt).toHaveLength(1);
    expect(sentAt[0]! - started).toBeGreaterThanOrEqual(295);
  });

  it('sends at once without the fault', async () => {
    const { mailer, sentAt } = recordingMailer();
    const notifier = createNotifier({ store, mailer, metrics, logger: pino({ level: 'silent' }) });
    const started = performance.now();
    await notifier.orderPlaced(placed());
    expect(sentAt[0]! - started).toBeLessThan(100);
  });
});
