// The orderHistoryNPlusOne fault as the order service runs it: order history (domain + store) with a
// FaultFlags the test switches, on a PostgreSQL database of its own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { freshPostgresDatabase } from '@shopfast/test-kit';
import type { ShippingClient } from './clients/shipping-client';
import { createOrderHistory } from './domain/order-history';
import { migrations } from './store/migrations';
import { createOrderStore } from './store/order-store';

let nPlusOne = false;
const faults: FaultFlags = { number: async () => 0, enabled: async (key) => key === 'orderHistoryNPlusOne' && nPlusOne };
let pool: PgPool;
const userId = randomUUID();
const ORDERS = 4;

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_order_faults_test'), 'order-test');
  await migratePostgres(pool, migrations);
  const store = createOrderStore(pool);
  for (let n = 1; n <= ORDERS; n++) {
    await store.createPending({
      id: randomUUID(),
      userId,
      currency: 'USD',
      subtotal: 10 * n,
      shippingCost: 4.99,
      total: 10 * n + 4.99,
      shippingMethod: 'standard',
      shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
      items: [{ productId: `p-${n}`, sku: `SKU-${n}`, name: `Product ${n}`, unitPrice: 10, quantity: n, lineTotal: 10 * n }],
      idempotencyKey: null,
      requestFingerprint: null,
    });
  }
});

afterAll(async () => {
  await pool?.end();
});

describe('the orderHistoryNPlusOne fault', () => {
  it('loads the items with one query per order while on, and with one query for the page while off, with the same answer', async () => {
    const history = createOrderHistory({ store: createOrderStore(pool), shipping: {} as ShippingClient, faults });
    const queries = vi.spyOn(pool, 'query');
    const itemQueries = () => queries.mock.calls.filter(([sql]) => String(sql).includes('FROM order_items')).length;

    const batched = await history.list(userId, 1, 20);
    expect(itemQueries()).toBe(1);

    queries.mockClear();
    nPlusOne = true;
    const oneByOne = await history.list(userId, 1, 20);
    expect(itemQueries()).toBe(ORDERS);

    expect(oneByOne).toEqual(batched);
    expect(batched.items).toHaveLength(ORDERS);
    expect(batched.items.every((order) => order.items.length === 1)).toBe(true);
    queries.mockRestore();
    nPlusOne = false;
  });
});
