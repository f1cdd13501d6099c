import { describe, expect, it } from 'vitest';
import type { OrderPlacedData, ShipmentUpdatedData } from '@shopfast/events';
import { orderConfirmation, shipmentUpdate } from './email-templates';

const order: OrderPlacedData = {
  orderId: '7d0f6f3e-1111-4222-8333-444455556666',
  userId: 'u1',
  email: 'ada@example.test',
  customerName: 'Ada',
  items: [{ productId: 'p', sku: 'S-1', name: 'Pen', quantity: 3, unitPrice: 0.1 }],
  total: 0.3,
  currency: 'EUR',
  shippingMethod: 'express',
  shippingAddress: { name: 'Ada', line1: 'x', city: 'y', postalCode: '1', country: 'DE' },
};
const update = (status: ShipmentUpdatedData['status']): ShipmentUpdatedData => ({ orderId: order.orderId, userId: 'u1', email: order.email, status, carrier: 'FedEx', trackingNumber: 'SF0000000042' });

describe('e-mail templates', () => {
  it('confirms an order with its lines and total in two decimals', () => {
    const mail = orderConfirmation(order);
    expect(mail.subject).toBe(`Your ShopFast order ${order.orderId} is confirmed`);
    expect(mail.text).toContain('3 x Pen (S-1)  0.30 EUR');
    expect(mail.text).toContain('Total: 0.30 EUR');
    expect(mail.text).toContain('express');
  });

  it('has a mail for in_transit and delivered, and none for label_created', () => {
    expect(shipmentUpdate(update('label_created'))).toBeNull();
    expect(shipmentUpdate(update('in_transit'))).toMatchObject({ kind: 'shipment_in_transit', subject: `Your ShopFast order ${order.orderId} is on its way`, text: expect.stringContaining('SF0000000042') });
    expect(shipmentUpdate(update('delivered'))).toMatchObject({ kind: 'shipment_delivered', subject: `Your ShopFast order ${order.orderId} has been delivered` });
  });
});
