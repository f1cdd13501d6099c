// Opt-in load for the docker compose deployment (`docker compose --profile traffic up -d`): a shopper
// loop against the gateway so Datadog has something to show (service map, latency, errors, DBM samples).
// Plain Node (24, the compose image), no dependencies: compose mounts this one file into a stock node image.
//
// Each round: the index, a catalogue page, a search; every 5th round a whole purchase (signup, cart,
// checkout); every 10th a slow request; every 20th the demo error. TRAFFIC_RPS paces the rounds.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';

const gateway = (process.env.GATEWAY_URL ?? 'http://gateway:5001').replace(/\/$/, '');
const rps = Math.max(0.1, Number(process.env.TRAFFIC_RPS ?? '2') || 2);
const heartbeatDir = process.env.TRAFFIC_STATE_DIR ?? '/var/lib/traffic';
const words = ['shoe', 'shirt', 'lamp', 'book', 'phone', 'watch', 'bag', 'chair', 'mug', 'camera'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

async function call(method, path, { body, token, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(30_000) };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(gateway + path, init);
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

async function purchase() {
  const email = `traffic-${randomUUID()}@example.test`;
  const signup = await call('POST', '/api/auth/signup', { body: { email, password: 'correct horse battery', name: 'Traffic Shopper' } });
  const token = signup.json?.token;
  if (!token) return `signup ${signup.status}`;
  const search = await call('GET', `/api/search?q=${pick(words)}&limit=5`);
  const product = search.json?.items?.[0] ?? (await call('GET', '/api/products?limit=5')).json?.items?.[0];
  if (!product) return 'no product';
  await call('POST', '/api/cart/items', { token, body: { productId: product.id, quantity: 1 } });
  const checkout = await call('POST', '/api/checkout', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      shippingAddress: { name: 'Traffic Shopper', line1: '1 Load Street', city: 'Springfield', postalCode: '12345', country: 'US' },
      shippingMethod: 'standard',
      // One purchase in ten uses the test card the payment service declines.
      payment: { cardNumber: Math.random() < 0.1 ? '4000000000000002' : '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' },
    },
  });
  return `checkout ${checkout.status}`;
}

async function round(n) {
  const results = [];
  results.push(`index ${(await call('GET', '/')).status}`);
  results.push(`products ${(await call('GET', `/api/products?page=${1 + (n % 5)}&limit=12`)).status}`);
  results.push(`search ${(await call('GET', `/api/search?q=${pick(words)}`)).status}`);
  if (n % 5 === 0) results.push(await purchase());
  if (n % 10 === 0) results.push(`slow ${(await call('GET', '/slow?ms=1500')).status}`);
  if (n % 20 === 0) results.push(`error ${(await call('GET', '/error')).status}`);
  return results.join(', ');
}

mkdirSync(heartbeatDir, { recursive: true });
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
process.on('SIGINT', () => (stopping = true));
console.log(`traffic: ${rps} round(s)/s against ${gateway}`);
for (let n = 1; !stopping; n++) {
  const started = Date.now();
  try {
    const summary = await round(n);
    if (n % 20 === 0) console.log(`traffic: round ${n}: ${summary}`);
  } catch (error) {
    console.log(`traffic: round ${n} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  writeFileSync(`${heartbeatDir}/heartbeat`, String(Date.now()));
  await sleep(Math.max(0, 1000 / rps - (Date.now() - started)));
}
