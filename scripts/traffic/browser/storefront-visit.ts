// One visitor in a real Chromium, through the storefront as people use it: land on the home page,
// create an account, browse or search, open a product, add it, go through the cart to checkout and
// pay (now and then with a card the bank declines, then often with another), sometimes look at the
// orders. A fresh browser context per visit: a new RUM session each time. The selectors are the
// ones web/e2e/shop-journey.browser.test.ts drives.
import type { Browser, Page, Request } from 'playwright-core';
import { thinkTimeMs } from '../arrivals.ts';
import type { Random } from '../random.ts';
import { routeOf } from '../shop-routes.ts';
import type { RunStats } from '../stats.ts';
import { STOREFRONT_SYNTHETIC_QUERY, STOREFRONT_SYNTHETIC_STORAGE_KEY, syntheticHeaders } from '../synthetic.ts';
import type { RumTally } from './rum-tally.ts';

export const VISIT = 'storefront-purchase';

/** 4xx answers the storefront handles as part of shopping: a declined card, a sold-out product. */
const EXPECTED_CLIENT_ERRORS = new Set([402, 409]);
const TERMS = ['headphones', 'lamp', 'kettle', 'shoes', 'puzzle', 'novel'];

export interface VisitDeps {
  browser: Browser;
  edge: string;
  stats: RunStats;
  rum: RumTally;
  thinkMeanMs: number;
  stepTimeoutMs: number;
  /** The runtime config the pages get instead of the edge's (RUM switched on for the local intake), or undefined. */
  runtimeConfig: unknown;
  runId: string;
  nextVisitor: () => number;
  cut: AbortSignal;
}

class VisitCut extends Error {}

/** Every /api call of the page, counted per gateway route like the API mode's requests. */
function recordApiCalls(page: Page, stats: RunStats): void {
  const api = (request: Request) => {
    const url = new URL(request.url());
    return url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/rum') ? url : undefined;
  };
  page.on('requestfinished', (request) => {
    const url = api(request);
    if (!url) return;
    void request.response().then((response) => {
      const status = response?.status() ?? 0;
      const unexpected = status >= 500 || (status >= 400 && !EXPECTED_CLIENT_ERRORS.has(status));
      stats.recordRequest({
        journey: VISIT,
        route: routeOf(request.method(), url.pathname),
        status,
        durationMs: Math.max(0, request.timing().responseEnd),
        ...(unexpected ? { error: `the storefront got ${status} from ${url.pathname}` } : {}),
      });
    });
  });
  page.on('requestfailed', (request) => {
    const url = api(request);
    const failure = request.failure()?.errorText ?? 'failed';
    // Aborted by the page itself (navigation, a superseded search): not an answer the shop failed to give.
    if (!url || failure.includes('ERR_ABORTED')) return;
    stats.recordRequest({ journey: VISIT, route: routeOf(request.method(), url.pathname), status: 0, durationMs: 0, error: `network error: ${failure}` });
  });
}

/**
 * Sends the RUM SDK's pending batch while the page is still alive. On leaving, the SDK sends it as a
 * beacon, and Chromium drops beacons over 64 KiB (a visit's batch of resources often is): seen as
 * sessions whose last view and purchase_completed never arrived. A tab that goes hidden makes the SDK
 * flush at once; the request then finishes before the page goes away.
 */
async function flushRum(page: Page): Promise<void> {
  const flushed = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/api/rum'), { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
  await flushed;
}

export async function runStorefrontVisit(random: Random, deps: VisitDeps): Promise<void> {
  const { stats } = deps;
  const started = performance.now();
  let thinking = 0;
  const context = await deps.browser.newContext({ viewport: { width: 1280, height: 860 }, extraHTTPHeaders: syntheticHeaders() });
  let step = 'open the browser';
  // The end of the grace period closes the context: whatever the page was waiting for throws, and the visit is cut.
  const closeOnCut = () => void context.close().catch(() => undefined);
  deps.cut.addEventListener('abort', closeOnCut, { once: true });
  try {
    // The storefront's synthetic marker (see synthetic.ts), set before any page script runs.
    await context.addInitScript({ content: `try { localStorage.setItem(${JSON.stringify(STOREFRONT_SYNTHETIC_STORAGE_KEY)}, 'true'); } catch (e) {}` });
    if (deps.runtimeConfig !== undefined) {
      const body = JSON.stringify(deps.runtimeConfig);
      await context.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', headers: { 'cache-control': 'no-store' }, body }));
    }
    const page = await context.newPage();
    page.setDefaultTimeout(deps.stepTimeoutMs);
    recordApiCalls(page, stats);
    const think = async () => {
      const ms = thinkTimeMs(deps.thinkMeanMs, random);
      thinking += ms;
      await page.waitForTimeout(ms);
      if (deps.cut.aborted) throw new VisitCut();
    };

    await shop(page, random, deps, think, (name) => (step = name));

    step = 'leave';
    const waited = performance.now() - started - thinking;
    await flushRum(page);
    await page.goto('about:blank');
    stats.recordJourney(VISIT, 'ok', waited);
  } catch (error) {
    if (error instanceof VisitCut || deps.cut.aborted) {
      stats.recordJourney(VISIT, 'cut', performance.now() - started - thinking);
    } else {
      stats.recordFailure(VISIT, `step "${step}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      stats.recordJourney(VISIT, 'error', performance.now() - started - thinking);
    }
  } finally {
    deps.cut.removeEventListener('abort', closeOnCut);
    // The RUM session id (the SDK's _dd_s cookie: "rum=1&id=<uuid>&..."), so the tally counts our sessions only.
    const cookies = await context.cookies().catch(() => []);
    const session = cookies.find((cookie) => cookie.name === '_dd_s')?.value.match(/(?:^|&)id=([0-9a-f-]+)/)?.[1];
    if (session) deps.rum.addSession(session);
    await context.close().catch(() => undefined);
  }
}

/** The visit itself; returns early when the visitor gives up (nothing in stock, a declined card). */
async function shop(page: Page, random: Random, deps: VisitDeps, think: () => Promise<void>, at: (step: string) => void): Promise<void> {
  const { stats } = deps;
  at('land on the home page');
  await page.goto(`${deps.edge}/?${STOREFRONT_SYNTHETIC_QUERY}`);
  await page.locator('.product-grid .product-card__link').first().waitFor();
  await think();

  at('create an account');
  const visitor = deps.nextVisitor();
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Your name').fill(`Traffic Visitor${visitor}`);
  await page.getByLabel('E-mail').fill(`traffic+${deps.runId}-browser${visitor}@example.test`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Hi, Traffic').waitFor();
  await think();

  if (random.chance(0.5)) {
    at('search');
    const search = page.getByRole('combobox', { name: 'Search products' });
    await search.click();
    await search.pressSequentially(random.pick(TERMS), { delay: 60 });
    await search.press('Enter');
    await page.waitForURL(/\/search\?/);
  }
  await page.locator('.product-grid .product-card__link').first().waitFor();
  await think();

  at('add a product to the cart');
  const links = page.locator('.product-grid .product-card__link');
  const count = Math.min(await links.count(), 12);
  let added = false;
  for (let attempt = 0; attempt < 3 && !added; attempt++) {
    await links.nth(random.int(count)).click();
    const add = page.getByRole('button', { name: 'Add to cart' });
    await add.waitFor();
    await think();
    if (await add.isDisabled()) {
      await page.goBack();
      await links.first().waitFor();
      continue;
    }
    await add.click();
    await page.getByText(/Added 1 to your cart/).waitFor();
    added = true;
  }
  if (!added) {
    stats.recordOutcome(VISIT, 'nothing_in_stock');
    return;
  }
  await think();

  at('go to checkout');
  await page.getByRole('link', { name: /^Cart, \d+ items?$/ }).click();
  await page.locator('.cart-line').first().waitFor();
  await think();
  await page.getByRole('link', { name: 'Proceed to checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();

  const fill = async (card: string) => {
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Street address').fill('12 Analytical Row');
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('Postal code').fill('10001');
    await page.getByRole('radio', { name: /Standard/ }).check();
    await page.getByLabel('Card number').fill(card);
    await page.getByLabel('Expiry (MM/YY)').fill('12/30');
    await page.getByLabel('Security code').fill('123');
  };
  const confirmed = page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' });

  if (random.chance(0.2)) {
    at('pay with a card the bank declines');
    await fill('4000 0000 0000 0002');
    await think();
    await page.getByRole('button', { name: /Place order/ }).click();
    await page.getByRole('alert').filter({ hasText: 'declined' }).waitFor({ timeout: Math.max(deps.stepTimeoutMs, 30_000) });
    stats.recordOutcome(VISIT, 'declined');
    if (random.chance(0.4)) {
      stats.recordOutcome(VISIT, 'gave_up');
      return;
    }
    await think();
  }

  at('pay');
  await fill('4242 4242 4242 4242');
  await think();
  await page.getByRole('button', { name: /Place order/ }).click();
  await confirmed.waitFor({ timeout: Math.max(deps.stepTimeoutMs, 30_000) });
  stats.recordOutcome(VISIT, 'purchased');

  if (random.chance(0.5)) {
    await think();
    at('look at the orders');
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    await page.locator('.order-row').first().waitFor();
  }
}
