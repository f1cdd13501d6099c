import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '@shopfast/events';
import type { FaultFlags } from '@shopfast/feature-flags';
import type { Shipments } from '../domain/shipments';
import { orderPlacedHandler } from './order-placed.handler';

const event = (): ReceivedEvent => ({
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

function recordingShipments() {
  const createdAt: number[] = [];
  const shipments = { createForOrder: async () => void createdAt.push(performance.now()) } as unknown as Shipments;
  return { shipments, createdAt };
}

describe('order.placed handling under the consumerLag fault', () => {
  it('waits the fault value before creating the shipment', async () => {
    const { shipments, createdAt } = recordingShipments();
    const faults: FaultFlags = { number: async (key) => (key === 'consumerLag' ? 300 : 0), enabled: async () => false };
    const started = performance.now();
    await orderPlacedHandler(shipments, faults)(event());
    expect(createdAt).toHaveLength(1);
    expect(createdAt[0]! - started).toBeGreaterThanOrEqual(295);
  });

  it('creates the shipment at once while the fault is off or absent', async () => {
    const { shipments, createdAt } = recordingShipments();
    const off: FaultFlags = { number: async () => 0, enabled: async () => false };
    const started = performance.now();
    await orderPlacedHandler(shipments, off)(event());
    await orderPlacedHandler(shipments)(event());
    expect(createdAt).toHaveLength(2);
    expect(createdAt[1]! - started).toBeLessThan(100);
  });
});
