// Helpers of the fault e2e tests: switch faults in the running stack's state file, shop through the gateway,
// and prove afterwards that no unit and no cent was lost.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import {
  DEFINITIONS_FILE,
  faultDefinitions,
  overridesOf,
  readFlagdDocument,
  renderFlagState,
  validateFaultValue,
  writeFlagState,
  type FaultValue,
} from '@shopfast/feature-flags';
import { getTrace, newTraceContext, waitFor, type AgentSpan, type TestTraceContext } from '@shopfast/test-kit';
import { api, chargesFor, checkoutBody, newCustomer, stockOf, type Customer } from '../shop-client';

/** The local stack's fault state (scripts/stack/lib/flags.ts): what every app reads as FLAGS_FILE. */
export const STATE_FILE = process.env.SHOPFAST_FLAGS_FILE ?? join(__dirname, '..', '..', '..', '.stack', 'flags', 'shopfast.flagd.json');

/**
 * How long after a write every service has seen it: the flagd provider polls the file with fs.watchFile
 * (a stat every 5 s) and re-reads it on a change; the rest is margin.
 */
export const FLAG_PROPAGATION_MS = 7_000;

/** The faults the state file has on now (none when there is no file: the services read every fault off). */
function faultsOnNow(): Record<string, FaultValue> {
  return existsSync(STATE_FILE) ? overridesOf(readFlagdDocument(STATE_FILE)) : {};
}

/** When a write last switched a fault off (or changed its value): until FLAG_PROPAGATION_MS later, a service may still run it. */
let lastSwitchedOffAt = 0;

/** Switches exactly these faults on (every other off), with values the gateway's admin API would accept. */
export async function switchFaults(overrides: Record<string, FaultValue>): Promise<void> {
  const definitions = readFlagdDocument(DEFINITIONS_FILE);
  const byKey = new Map(faultDefinitions(definitions).map((definition) => [definition.key, definition]));
  for (const [key, value] of Object.entries(overrides)) {
    const definition = byKey.get(key);
    if (!definition) throw new Error(`unknown fault ${key}`);
    const validated = validateFaultValue(definition, value);
    if (!validated.ok) throw new Error(validated.message);
  }
  const before = faultsOnNow();
  await mkdir(dirname(STATE_FILE), { recursive: true });
  await writeFlagState(STATE_FILE, renderFlagState(definitions, overrides));
  if (Object.entries(before).some(([key, value]) => overrides[key] !== value)) lastSwitchedOffAt = Date.now();
}

/** Every fault off in the state file; the test then polls for the shop to recover (the services see it within ~5-7 s). */
export const allFaultsOff = () => switchFaults({});

/**
 * Every fault off, and back only once every service has seen it: for beforeEach/afterEach, so a test that
 * failed (or a run that was killed) with a fault on cannot leave it running into the next test or file.
 * After a test that switched its fault off and saw the shop recover, it only waits out the rest of that window
 * (the services poll the file each on their own clock).
 */
export async function resetFaults(): Promise<void> {
  await allFaultsOff();
  const wait = lastSwitchedOffAt + FLAG_PROPAGATION_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * The issue promises a change takes effect within 10 s; the services see it within ~5-7 s. Effects are polled
 * (never slept for) for 10 s plus polling slack: an attempt started before the deadline still counts when it
 * ends after it (waitFor), since an attempt itself can take a few seconds (a slowed checkout, a trace arriving).
 */
export const EFFECT_TIMEOUT_MS = 12_000;

export interface Product {
  id: string;
  sku: string;
  price: number;
}

export async function inStockProduct(query: string): Promise<Product> {
  const found = await api(`/api/search?q=${encodeURIComponent(query)}&inStock=true&limit=5`);
  const product = found.body?.items?.[0];
  if (!product) throw new Error(`no product in stock for "${query}"`);
  return product;
}

export interface Purchase {
  customer: Customer;
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  orderId: string | undefined;
  traceId: string;
  tookMs: number;
}

/**
 * A new customer buys one unit of `product`, in a trace the test knows: its own, or `context`'s when a monitor
 * window gathers several checkouts in one trace (monitor-kit.ts).
 */
export async function buyOne(product: Product, cardNumber = '4242424242424242', context: TestTraceContext = newTraceContext()): Promise<Purchase> {
  const customer = await newCustomer('fault');
  const added = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const started = performance.now();
  const response = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(cardNumber), headers: context.headers });
  const orderId = response.body?.orderId ?? response.body?.error?.details?.orderId;
  return { customer, status: response.status, body: response.body, orderId, traceId: context.traceId, tookMs: performance.now() - started };
}

/** The spans of a trace once `isComplete` says they are all in. */
export async function spansOf(traceId: string, isComplete: (spans: AgentSpan[]) => boolean, timeoutMs = 20_000): Promise<AgentSpan[]> {
  return waitFor(`trace ${traceId}`, async () => {
    const spans = await getTrace(traceId);
    return isComplete(spans) ? spans : undefined;
  }, timeoutMs, 250);
}

/** The service's own entry span (the local root the fault flag hook tags). */
export const entrySpan = (spans: AgentSpan[], service: string) => spans.find((span) => span.service === service && span.name === 'express.request');

/** Retries `attempt` until it returns a value (the effect showed) or the effect timeout passes. */
export async function untilEffect<T>(description: string, attempt: () => Promise<T | undefined>, timeoutMs = EFFECT_TIMEOUT_MS): Promise<T> {
  return waitFor(description, attempt, timeoutMs, 100);
}

/** What the reconciliation reads of an order (GET /api/orders, the Order schema of the public API). */
export interface Order {
  id: string;
  status: string;
  total: number;
  currency: string;
  items: Array<{ sku: string; quantity: number }>;
}

/** A charge of the payment ledger as GET /charges?orderId= answers it (the ChargeList schema). */
interface LedgerCharge {
  chargeId: string;
  status: string;
  amount: number;
  currency: string;
  refunded: boolean;
}

/** Every order the customer has, through the customer's own order history (all pages). */
export async function ordersOf(customer: Customer): Promise<Order[]> {
  const orders: Order[] = [];
  for (let page = 1; ; page++) {
    const response = await api(`/api/orders?page=${page}&limit=50`, { token: customer.token });
    expect(response.status, `orders of ${customer.email}: ${JSON.stringify(response.body)}`).toBe(200);
    orders.push(...response.body.items);
    if (response.body.items.length === 0 || orders.length >= response.body.total) return orders;
  }
}

const UNSETTLED = ['pending', 'refund_pending'];
const cents = (amount: number) => Math.round(amount * 100);

/** The customer's orders once none is still pending or waiting for its refund. */
async function settledOrdersOf(customer: Customer): Promise<Order[]> {
  return waitFor(`the orders of ${customer.email} to settle`, async () => {
    const orders = await ordersOf(customer);
    return orders.some((order) => UNSETTLED.includes(order.status)) ? undefined : orders;
  }, 45_000, 500);
}

/**
 * No unit and no cent lost, over every order of the purchases' customers (and `otherCustomers`): found in
 * their order history, so a checkout that ended in a gateway timeout or a network error with no order id in
 * its answer is reconciled too. A confirmed order keeps exactly one charge (approved, not refunded) of
 * exactly its total; any other order keeps none (no charge, a decline, or a refunded charge; a refunded
 * order's money is back in a refunded charge). The SKU's stock is its start level minus the units of it in
 * these customers' confirmed orders, read from the orders themselves, with nothing left reserved.
 */
export async function expectReconciled(
  purchases: Purchase[],
  sku: string,
  stockBefore: { available: number; reserved: number },
  otherCustomers: Customer[] = [],
): Promise<void> {
  const customers = new Map([...purchases.map((purchase) => purchase.customer), ...otherCustomers].map((customer) => [customer.userId, customer]));
  let confirmedUnits = 0;
  for (const customer of customers.values()) {
    const orders = await settledOrdersOf(customer);
    // Every order id an answer named is one of the customer's orders (none is lost from the history).
    for (const purchase of purchases.filter((each) => each.customer === customer && each.orderId)) {
      expect(orders.map((order) => order.id), `order ${purchase.orderId} in the history of ${customer.email}`).toContain(purchase.orderId);
    }
    for (const order of orders) {
      const charges = (await chargesFor(order.id)) as LedgerCharge[];
      const kept = charges.filter((charge) => charge.status === 'approved' && !charge.refunded);
      if (order.status === 'confirmed') {
        expect(kept, `confirmed order ${order.id} keeps exactly one charge`).toHaveLength(1);
        expect(cents(kept[0]!.amount), `the charge of confirmed order ${order.id} is its total`).toBe(cents(order.total));
        expect(kept[0]!.currency, `the currency of the charge of order ${order.id}`).toBe(order.currency);
        confirmedUnits += order.items.filter((item) => item.sku === sku).reduce((units, item) => units + item.quantity, 0);
      } else {
        expect(kept, `${order.status} order ${order.id} keeps no money`).toEqual([]);
        if (order.status === 'refunded') {
          expect(charges.filter((charge) => charge.refunded).map((charge) => cents(charge.amount)), `refunded order ${order.id} got its total back`).toContain(cents(order.total));
        }
      }
    }
  }
  const expected = { available: stockBefore.available - confirmedUnits, reserved: stockBefore.reserved };
  await waitFor(`the stock of ${sku} to reconcile`, async () => {
    const now = await stockOf(sku);
    return now.available === expected.available && now.reserved === expected.reserved ? true : undefined;
  }, 30_000, 250).catch(async () => {
    expect(await stockOf(sku), `stock of ${sku} after ${confirmedUnits} confirmed unit(s) of it`).toEqual(expect.objectContaining(expected));
  });
}
