import { describe, expect, it } from 'vitest';
import { orderPlacedData, shipmentUpdatedData, stockChangedData, type OrderPlacedData, type ShipmentUpdatedData, type StockChangedData } from './event-contracts';

const orderPlaced: OrderPlacedData = {
  orderId: '0b7f5c9e-6a43-4d52-9d0e-2f4a0e1c7b11',
  userId: '11111111-1111-4111-8111-111111111111',
  email: 'ada@example.test',
  customerName: 'Ada Lovelace',
  items: [{ productId: 'p-0001', sku: 'SKU-ELE-0001', name: 'Voltra Speaker', quantity: 2, unitPrice: 19.99 }],
  total: 44.97,
  currency: 'USD',
  shippingMethod: 'standard',
  shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
};

const shipmentUpdated: ShipmentUpdatedData = {
  orderId: orderPlaced.orderId,
  userId: orderPlaced.userId,
  email: orderPlaced.email,
  status: 'in_transit',
  carrier: 'USPS',
  trackingNumber: 'SF0123456789',
};

const stockChanged: StockChangedData = { sku: 'SKU-ELE-0001', productId: 'p-0001', available: 18, reserved: 2, version: 7, reason: 'reserve' };

/** What a consumer reads back: the payload as it travels (JSON in the stream entry's data field). */
const overTheWire = (data: unknown): unknown => JSON.parse(JSON.stringify(data));

describe.each([
  ['order.placed', orderPlacedData, orderPlaced, ['orderId', 'email', 'items', 'shippingMethod', 'shippingAddress']],
  ['shipment.updated', shipmentUpdatedData, shipmentUpdated, ['orderId', 'email', 'status', 'trackingNumber']],
  ['stock.changed', stockChangedData, stockChanged, ['sku', 'productId', 'available', 'version', 'reason']],
] as const)('%s payload', (_type, schema, payload, required) => {
  it('reads back exactly what the producer built', () => {
    expect(schema.parse(overTheWire(payload))).toEqual(payload);
  });

  it.each(required)('refuses a payload without %s', (field) => {
    const { [field]: _dropped, ...rest } = payload as Record<string, unknown>;
    const result = schema.safeParse(overTheWire(rest));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });
});

describe('event payload rules', () => {
  it('refuses an order.placed with no items, an unknown shipping method or an address missing its country', () => {
    expect(orderPlacedData.safeParse({ ...orderPlaced, items: [] }).success).toBe(false);
    expect(orderPlacedData.safeParse({ ...orderPlaced, shippingMethod: 'teleport' }).success).toBe(false);
    const { country: _country, ...noCountry } = orderPlaced.shippingAddress;
    expect(orderPlacedData.safeParse({ ...orderPlaced, shippingAddress: noCountry }).error?.issues[0]?.path).toEqual(['shippingAddress', 'country']);
  });

  it('refuses an order id that is not a uuid and an e-mail that is not an address', () => {
    expect(orderPlacedData.safeParse({ ...orderPlaced, orderId: 'o-1' }).success).toBe(false);
    expect(shipmentUpdatedData.safeParse({ ...shipmentUpdated, email: 'not-an-address' }).success).toBe(false);
  });

  it('holds fields to the API contract rules: a SKU inventory takes, an ISO currency, a catalog product id', () => {
    const line = orderPlaced.items[0]!;
    expect(orderPlacedData.safeParse({ ...orderPlaced, items: [{ ...line, sku: '-bad sku' }] }).error?.issues[0]?.path).toEqual(['items', 0, 'sku']);
    expect(orderPlacedData.safeParse({ ...orderPlaced, currency: 'usd' }).error?.issues[0]?.path).toEqual(['currency']);
    expect(stockChangedData.safeParse({ ...stockChanged, productId: 'p1' }).error?.issues[0]?.path).toEqual(['productId']);
    expect(stockChangedData.safeParse({ ...stockChanged, sku: 'x'.repeat(65) }).error?.issues[0]?.path).toEqual(['sku']);
  });

  it('refuses a negative stock level and a reason it does not know', () => {
    expect(stockChangedData.safeParse({ ...stockChanged, available: -1 }).success).toBe(false);
    expect(stockChangedData.safeParse({ ...stockChanged, reason: 'stolen' }).success).toBe(false);
  });
});
