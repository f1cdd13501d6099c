// Re-creates fixtures/checkout-trace.json from the running local stack: one approved checkout through
// the gateway, then the test agent's raw answer for that trace (ids kept exactly as the agent sent them).
// Run: npx tsx scripts/traces/capture-checkout-fixture.ts   (needs `npm run stack:up`)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTraces } from './build-traces';
import { parseTraceChunks, quoteIds } from './parse-traces';

const gateway = process.env.SHOPFAST_GATEWAY_URL ?? 'http://127.0.0.1:5001';
const agent = process.env.DD_TRACE_AGENT_URL ?? 'http://127.0.0.1:8126';

async function call(path: string, method = 'GET', body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(gateway + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await response.json().catch(() => undefined)) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- script reads arbitrary JSON
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const signup = await call('/api/auth/signup', 'POST', { email: `trace-fixture-${Date.now()}@example.test`, password: 'correct horse battery', name: 'Trace Fixture' });
  const products = await call('/api/products?limit=2');
  for (const product of products.items) await call('/api/cart/items', 'POST', { productId: product.id, quantity: 1 }, signup.token);
  const startedNs = Date.now() * 1e6;
  const order = await call('/api/checkout', 'POST', {
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
    shippingMethod: 'standard',
    payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' },
  }, signup.token);
  // Tracers flush every 2 s, and shipping/notification join the trace through the event stream.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const all = buildTraces(parseTraceChunks(await (await fetch(`${agent}/test/traces`)).text()));
  const checkout = all.find((trace) => trace.roots[0]?.span.resource === 'POST /api/checkout' && trace.start >= startedNs - 1e9);
  if (!checkout) throw new Error('checkout trace not found at the test agent');
  const raw = await (await fetch(`${agent}/test/traces?trace_ids=${checkout.traceId}`)).text();
  // Pretty-printed for readable diffs, with the ids turned back into the bare 64-bit integers the agent sends.
  const pretty = JSON.stringify(JSON.parse(quoteIds(raw)), null, 1).replace(/"(trace_id|span_id|parent_id)": "(\d+)"/g, '"$1": $2');
  writeFileSync(join(__dirname, 'fixtures', 'checkout-trace.json'), pretty + '\n');
  console.log(`order ${order.id ?? order.orderId} -> trace ${checkout.traceId}, ${checkout.spans.length} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
