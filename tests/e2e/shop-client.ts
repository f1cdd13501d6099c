import { endpoints, stackAdminToken, stackCallerHeaders } from '@shopfast/test-kit';

/** A customer of the shop, talking to the public API like the storefront does. */
export interface Customer {
  token: string;
  userId: string;
  email: string;
}

export const internal = {
  inventory: process.env.SHOPFAST_INVENTORY_URL ?? 'http://127.0.0.1:5106',
  payment: process.env.SHOPFAST_PAYMENT_URL ?? 'http://127.0.0.1:5105',
  notification: process.env.SHOPFAST_NOTIFICATION_URL ?? 'http://127.0.0.1:5108',
  smtpSink: process.env.SHOPFAST_SMTP_SINK_URL ?? 'http://127.0.0.1:8025',
};

/** The stack's generated admin token (.stack/secrets/admin-token), for /api/admin/* through the gateway. */
export const ADMIN_TOKEN = process.env.SHOPFAST_ADMIN_TOKEN ?? stackAdminToken();

export async function api(path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(endpoints.gateway + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

let counter = 0;
export async function newCustomer(label: string): Promise<Customer> {
  const email = `${label}-${Date.now()}-${process.pid}-${counter++}@example.test`;
  const response = await api('/api/auth/signup', { method: 'POST', body: { email, password: 'correct horse battery', name: `Customer ${label}` } });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.token, userId: response.body.user.id, email };
}

export const checkoutBody = (cardNumber = '4242424242424242') => ({
  shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
  shippingMethod: 'standard',
  payment: { cardNumber, expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' },
});

export async function stockOf(sku: string): Promise<{ available: number; reserved: number }> {
  const response = await fetch(`${internal.inventory}/stock/${encodeURIComponent(sku)}`);
  if (response.status !== 200) throw new Error(`stock of ${sku}: ${response.status}`);
  return (await response.json()) as { available: number; reserved: number };
}

export async function setStock(sku: string, available: number): Promise<void> {
  const response = await api(`/api/admin/inventory/${encodeURIComponent(sku)}`, { method: 'PUT', body: { available }, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (response.status !== 200) throw new Error(`set stock of ${sku}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** The ledger's charges of an order, asked as the order service would (payment serves no one else). */
export async function chargesFor(orderId: string): Promise<Array<{ chargeId: string; status: string; refunded?: boolean }>> {
  const response = await fetch(`${internal.payment}/charges?orderId=${orderId}`, { headers: await stackCallerHeaders('order', 'payment') });
  if (response.status !== 200) throw new Error(`charges of ${orderId}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { items: Array<{ chargeId: string; status: string; refunded?: boolean }> }).items;
}
