// Nothing a client can set is trusted (docs/decisions/010-trust-between-services.md): a caller that
// reaches a service port directly, with made-up identity headers, no credential, a token meant for
// someone else or a login token forged with the secret this repository once published, is refused and
// changes nothing. And no port of the local stack listens beyond loopback.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { endpoints, stackCallerHeaders } from '@shopfast/test-kit';
import { statePaths } from '../../scripts/stack/lib/paths';
import { api, chargesFor, checkoutBody, internal, newCustomer, stockOf, type Customer } from './shop-client';

const services = {
  user: process.env.SHOPFAST_USER_URL ?? 'http://127.0.0.1:5101',
  product: process.env.SHOPFAST_PRODUCT_URL ?? 'http://127.0.0.1:5102',
  cart: process.env.SHOPFAST_CART_URL ?? 'http://127.0.0.1:5103',
  order: process.env.SHOPFAST_ORDER_URL ?? 'http://127.0.0.1:5104',
  payment: internal.payment,
  inventory: internal.inventory,
  notification: internal.notification,
};

interface Attempt {
  label: string;
  url: string;
  method?: string;
  body?: unknown;
}

async function call(attempt: Attempt, headers: Record<string, string>) {
  const response = await fetch(attempt.url, {
    method: attempt.method ?? 'GET',
    headers: { ...headers, ...(attempt.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: attempt.body === undefined ? undefined : JSON.stringify(attempt.body),
  });
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return { status: response.status, code: body?.error?.code };
}

/** A customer with a confirmed order: something worth stealing in every service. */
async function customerWithOrder(): Promise<{ customer: Customer; orderId: string; sku: string; productId: string }> {
  const customer = await newCustomer('victim');
  const listing = await api('/api/products?category=books&limit=30');
  const product = (listing.body.items as Array<{ id: string; sku: string; stock: number }>).find((item) => item.stock > 5)!;
  expect((await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
  const order = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody(), headers: { 'idempotency-key': randomUUID() } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  return { customer, orderId: order.body.orderId as string, sku: product.sku, productId: product.id };
}

describe('direct calls to service ports', () => {
  it('refuses forged x-user-id / x-admin headers, no credential and a token for the wrong caller, and changes nothing', async () => {
    const { customer, orderId, sku, productId } = await customerWithOrder();
    const [charge] = await chargesFor(orderId);
    expect(charge).toMatchObject({ status: 'approved' });
    const stockBefore = await stockOf(sku);
    const priceBefore = (await api(`/api/products/${productId}`)).body.price as number;
    const otherOrder = randomUUID();

    const attempts: Attempt[] = [
      { label: 'order: read the orders', url: `${services.order}/orders` },
      { label: 'order: read one order', url: `${services.order}/orders/${orderId}` },
      { label: 'cart: read the cart', url: `${services.cart}/cart` },
      { label: 'cart: add to the cart', url: `${services.cart}/cart/items`, method: 'POST', body: { productId, quantity: 1 } },
      { label: 'payment: charge a card', url: `${services.payment}/charges`, method: 'POST', body: { idempotencyKey: `forged-${otherOrder}`, orderId: otherOrder, amount: 1, currency: 'USD', card: { number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123' } } },
      { label: 'payment: refund the charge', url: `${services.payment}/charges/${charge!.chargeId}/refund`, method: 'POST', body: {} },
      { label: 'payment: list the ledger', url: `${services.payment}/charges?orderId=${orderId}` },
      { label: 'inventory: reserve stock', url: `${services.inventory}/reservations`, method: 'POST', body: { reservationId: otherOrder, orderId: otherOrder, items: [{ sku, quantity: 1 }], ttlSeconds: 600 } },
      { label: 'inventory: set stock (admin)', url: `${services.inventory}/admin/stock/${encodeURIComponent(sku)}`, method: 'PUT', body: { available: 0 } },
      { label: 'product: set a price (admin)', url: `${services.product}/admin/products/${productId}`, method: 'PATCH', body: { price: 0.01 } },
      { label: 'user: look up a user', url: `${services.user}/users/${customer.userId}` },
      { label: 'notification: list the notifications (admin)', url: `${services.notification}/notifications?orderId=${orderId}` },
    ];
    const forged = { 'x-user-id': customer.userId, 'x-admin': 'true', 'x-forwarded-for': '127.0.0.1' };

    for (const attempt of attempts) {
      const withHeaders = await call(attempt, forged);
      expect(withHeaders, `${attempt.label}, forged headers`).toEqual({ status: 401, code: 'unauthorized' });
      const withCustomerToken = await call(attempt, { ...forged, authorization: `Bearer ${customer.token}` });
      expect(withCustomerToken.status, `${attempt.label}, the customer's own login token`).toBe(401);
      const service = new URL(attempt.url).port;
      const callee = Object.entries(services).find(([, url]) => new URL(url).port === service)![0] as keyof typeof services;
      // A real service token, from a service no route here serves (shipping calls nobody), acting as an admin for the victim.
      const fromStranger = await call(attempt, { ...forged, ...(await stackCallerHeaders('shipping', callee, { userId: customer.userId, admin: true })) });
      expect(fromStranger, `${attempt.label}, a token from shipping`).toEqual({ status: 403, code: 'forbidden' });
    }

    // Nothing changed: no second charge and no refund, the stock and the price as they were, no stray reservation.
    expect(await chargesFor(orderId)).toEqual([expect.objectContaining({ chargeId: charge!.chargeId, status: 'approved' })]);
    expect((await chargesFor(otherOrder)).length).toBe(0);
    expect(await stockOf(sku)).toEqual(stockBefore);
    expect((await api(`/api/products/${productId}`)).body.price).toBe(priceBefore);
    expect((await api('/api/cart', { token: customer.token })).body.items).toEqual([]);
  });

  it('refuses a token meant for another service, even from the right caller', async () => {
    const customer = await newCustomer('audience');
    const forCart = await stackCallerHeaders('gateway', 'cart', { userId: customer.userId });
    const response = await call({ label: 'order with a cart token', url: `${services.order}/orders` }, forCart);
    expect(response).toEqual({ status: 401, code: 'unauthorized' });
    const right = await call({ label: 'order with an order token', url: `${services.order}/orders` }, await stackCallerHeaders('gateway', 'order', { userId: customer.userId }));
    expect(right.status).toBe(200);
  });

  it('refuses, at the gateway, a login token signed with the secret this repository once published', async () => {
    const customer = await newCustomer('hs256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(customer.userId)
      .setIssuer('shopfast-user')
      .setAudience('shopfast-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('local-development-secret-change-me-0123456789'));
    expect((await api('/api/orders', { token: forged })).status).toBe(401);
    expect((await api('/api/orders', { token: customer.token })).status).toBe(200);
  });

  it('publishes the key login tokens are verified with, through the gateway', async () => {
    const response = await fetch(`${endpoints.gateway}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<{ kid: string; kty: string; crv: string; d?: string }> };
    expect(keys).toEqual([expect.objectContaining({ kid: 'user', kty: 'OKP', crv: 'Ed25519' })]);
    expect(keys[0]!.d).toBeUndefined();
  });
});

// ------------------------------------------------------------------ listening sockets

/** The stack's processes: every recorded PID and all their descendants (postgres and nginx workers, ES). */
function stackProcesses(): number[] {
  const roots = fs
    .readdirSync(statePaths.pidDir)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => Number(fs.readFileSync(path.join(statePaths.pidDir, file), 'utf8').trim()))
    .filter((pid) => Number.isInteger(pid) && fs.existsSync(`/proc/${pid}`));
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const all = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (all.has(parent) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }) as string);
      if (match) inodes.add(match[1]!);
    }
  } catch {
    // exited meanwhile
  }
  return inodes;
}

/** Listening TCP sockets and bound UDP sockets of the machine: local address (hex), port, inode. */
function boundSockets(): Array<{ proto: string; address: string; port: number; inode: string }> {
  const sockets = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = fs.readFileSync(`/proc/net/${proto}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [address, port] = fields[1]!.split(':');
      const listening = proto.startsWith('tcp') ? fields[3] === '0A' : fields[3] === '07';
      if (listening) sockets.push({ proto, address: address!, port: parseInt(port!, 16), inode: fields[9]! });
    }
  }
  return sockets;
}

/** 127.0.0.1, ::1 and ::ffff:127.0.0.1 as /proc/net writes them. */
const LOOPBACK = new Set(['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']);

/**
 * The kernel's ephemeral port range. A UDP socket there is a sending socket, not a service port: the
 * DogStatsD clients (hot-shots, and dd-trace's runtime metrics) never bind, so the kernel binds them to
 * 0.0.0.0 and a free ephemeral port on their first send; they never read what arrives.
 */
function ephemeralPorts(): [number, number] {
  const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  return [low!, high!];
}

describe('ports of the local stack', () => {
  it.runIf(process.platform === 'linux')('listen on loopback only, every one of them', () => {
    const pids = stackProcesses();
    expect(pids.length, 'the stack is running (npm run stack:up)').toBeGreaterThan(10);
    const inodes = new Set(pids.flatMap((pid) => [...socketInodes(pid)]));
    const [low, high] = ephemeralPorts();
    const ours = boundSockets().filter((socket) => inodes.has(socket.inode) && !(socket.proto.startsWith('udp') && socket.port >= low && socket.port <= high));
    // The gateway, eight services, edge, and the backing servers at least.
    expect(new Set(ours.map((socket) => socket.port)).size).toBeGreaterThanOrEqual(15);
    const exposed = ours.filter((socket) => !LOOPBACK.has(socket.address)).map((socket) => `${socket.proto} port ${socket.port} on ${socket.address}`);
    expect(exposed).toEqual([]);
  });
});
