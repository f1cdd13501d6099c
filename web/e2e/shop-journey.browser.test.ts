// A new visitor's whole journey in a real Chromium through nginx, the gateway and every service,
// then what RUM reported about it (recorded by the intake proxy) and the backend trace it links to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@shopfast/rum-intake';
import { launchChromium } from './support/chromium';
import { startRumIntake, type RumIntake } from './support/rum-intake';
import { poll, requireStack, rumTestConfig, SCREENSHOTS, startTestEdge, TEST_AGENT, type TestEdge } from './support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RUM events are free-form JSON read by path
type RumEvent = Record<string, any>;

const RUM = rumTestConfig('e2e-application-0001');

let launched: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let edge: TestEdge;
let intake: RumIntake;
let sinceSeq = 0;
const consoleErrors: string[] = [];
const intakeCalls: string[] = [];
const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
let orderId = '';

async function shot(name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

async function addFirstAvailable(excluding: string[]): Promise<string> {
  const links = page.locator('.product-grid .product-card__link');
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const href = (await links.nth(i).getAttribute('href')) ?? '';
    if (excluding.includes(href)) continue;
    await links.nth(i).click();
    const add = page.getByRole('button', { name: 'Add to cart' });
    await add.waitFor();
    if (await add.isDisabled()) {
      await page.goBack();
      continue;
    }
    await add.click();
    await page.getByText(/Added 1 to your cart/).waitFor();
    return href;
  }
  throw new Error('no product on this page could be added to the cart');
}

async function fillCheckout(card: string): Promise<void> {
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Street address').fill('12 Analytical Row');
  await page.getByLabel('City').fill('New York');
  await page.getByLabel('Postal code').fill('10001');
  await page.getByRole('radio', { name: /Standard/ }).check();
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
}

beforeAll(async () => {
  await requireStack();
  intake = await startRumIntake();
  sinceSeq = await intake.lastSeq();
  edge = await startTestEdge({ rum: RUM, rumIntakeUpstream: intake.upstream });
  launched = await launchChromium();
  browser = launched.browser;
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('requestfinished', async (request) => {
    if (request.url().includes('/api/rum')) intakeCalls.push(`${(await request.response())?.status()} ${(request.postData() ?? '').length}`);
  });
  page.on('requestfailed', (request) => {
    if (request.url().includes('/api/rum')) intakeCalls.push(`failed ${request.failure()?.errorText} ${(request.postData() ?? '').length}`);
  });
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await launched?.close();
  await edge?.stop();
  await intake?.close();
});

describe('the storefront in a real browser, RUM on', () => {
  it('lets a new visitor sign up, search, filter, add two products and check out', async () => {
    await page.goto(`${edge.url}/`);
    await page.getByRole('heading', { name: 'Top rated right now' }).waitFor();
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await shot('home');

    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await shot('signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Hi, Ada').waitFor();

    const search = page.getByRole('combobox', { name: 'Search products' });
    await search.click();
    // Type-ahead (a prefix suggester on names and brands), driven from the keyboard.
    await search.pressSequentially('Nex', { delay: 40 });
    await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first().waitFor();
    await search.press('ArrowDown');
    expect(await page.getByRole('option', { selected: true }).textContent()).toMatch(/^Nexon/);
    await search.press('Escape');
    await search.fill('headphones');
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=headphones/);
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await shot('search');

    // Filter by the first brand that has at least two products.
    const brands = page.locator('fieldset.facet').filter({ hasText: 'Brand' }).locator('label.facet__option');
    let chosen = -1;
    for (let i = 0; i < (await brands.count()); i++) {
      if (Number(await brands.nth(i).locator('.facet__count').textContent()) >= 2) {
        chosen = i;
        break;
      }
    }
    expect(chosen).toBeGreaterThanOrEqual(0);
    const brand = ((await brands.nth(chosen).locator('.facet__label').textContent()) ?? '').trim();
    // click, not check: the facet list re-renders for the new results, so the nth box changes.
    await brands.nth(chosen).locator('input').click();
    await page.waitForURL(new RegExp(`brand=${encodeURIComponent(brand).replace(/%20/g, '\\+')}`));
    await page.getByRole('list', { name: 'Active filters' }).waitFor();
    await page.locator('.product-grid:not(.is-refreshing) .product-card__link').first().waitFor();

    const first = await addFirstAvailable([]);
    await shot('product');
    await page.goBack();
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await addFirstAvailable([first]);

    await page.getByRole('link', { name: /^Cart, 2 items$/ }).click();
    await expect.poll(() => page.locator('.cart-line').count()).toBe(2);
    await shot('cart');

    await page.getByRole('link', { name: 'Proceed to checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await fillCheckout('4242 4242 4242 4242');
    await shot('checkout');
    await page.getByRole('button', { name: /Place order/ }).click();

    await page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' }).waitFor({ timeout: 30_000 });
    orderId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('link', { name: /^Cart, 0 items$/ }).count()).toBe(1);
    await shot('confirmation');

    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    await page.locator('.order-row').first().waitFor();
    await expect.poll(() => page.locator('.order-row__shipment').first().textContent(), { timeout: 15_000 }).not.toMatch(/Checking/);
    await shot('orders');
  });

  it('shows a clear message for a declined card and keeps the cart', async () => {
    await page.goto(`${edge.url}/search?category=books&sort=rating_desc`);
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await addFirstAvailable([]);
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await page.getByRole('link', { name: 'Proceed to checkout' }).click();
    await fillCheckout('4000 0000 0000 0002');
    await page.getByRole('button', { name: /Place order/ }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'declined' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('Your card was declined. No money was taken and your cart is saved');
    await shot('checkout-declined');
    expect(page.url()).toMatch(/\/checkout$/);
    expect(await page.locator('.summary__items li').count()).toBe(1);
    await page.getByRole('link', { name: /^Cart, 1 item$/ }).click();
    await expect.poll(() => page.locator('.cart-line').count()).toBe(1);
  });

  it('reported views, resources and actions to the RUM intake, linked to the backend checkout trace', async () => {
    // Leaving the page flushes the SDK's batches (beacon on pagehide).
    await page.goto('about:blank');
    const has = (events: RecordedEvent[], test: (e: RumEvent) => boolean) => events.some((e) => test(e.event));
    const summary = async () => JSON.stringify((await intake.events({ since: sinceSeq })).map((e) => e.type).reduce<Record<string, number>>((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {}));
    const events = await poll(`RUM events for the journey (so far: ${await summary()})`, async () => {
      const all = await intake.events({ since: sinceSeq });
      const paths = new Set(all.filter((e) => e.type === 'view').map((e) => new URL(String((e.event as RumEvent).view.url)).pathname));
      const ready =
        has(all, (e) => e.type === 'action' && e.action?.target?.name === 'purchase_completed') &&
        has(all, (e) => e.type === 'resource' && /\/api\/checkout$/.test(e.resource?.url ?? '') && e.resource?.status_code === 201) &&
        has(all, (e) => e.type === 'resource' && /\/api\/checkout$/.test(e.resource?.url ?? '') && e.resource?.status_code === 402) &&
        paths.has('/orders') &&
        paths.has('/cart');
      return ready ? all : undefined;
    }, 45_000);

    const rum = events.filter((e) => e.track === 'rum').map((e) => e.event as RumEvent);
    // Every event carries the unified service tags of the storefront.
    const views = rum.filter((e) => e.type === 'view');
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) {
      expect(view.service).toBe('shopfast-web');
      expect(view.version).toBe('0.1.0');
      expect(view.application.id).toBe(RUM.applicationId);
    }
    expect(views[0]?.ddtags ?? `env:${views[0]?.env ?? 'e2e'}`).toContain('env:e2e');
    const viewPaths = new Set(views.map((v) => new URL(v.view.url).pathname.replace(/[0-9a-f-]{36}/, ':id').replace(/p-\d+/, ':id')));
    for (const expected of ['/', '/signup', '/search', '/products/:id', '/cart', '/checkout', '/orders/:id', '/orders']) {
      expect(viewPaths, `view ${expected}`).toContain(expected);
    }

    const actions = rum.filter((e) => e.type === 'action' && e.action.type === 'custom');
    const purchase = actions.find((e) => e.action.target.name === 'purchase_completed');
    expect(purchase?.context).toMatchObject({
      order_id: orderId,
      items_count: 2,
      payment_method: 'credit_card',
      customer_type: 'new',
    });
    expect(typeof purchase?.context.amount).toBe('number');
    expect(purchase?.context.amount).toBeGreaterThan(0);
    expect(actions.filter((e) => e.action.target.name === 'add_to_cart').length).toBeGreaterThanOrEqual(3);
    const searches = actions.filter((e) => e.action.target.name === 'search');
    expect(searches.some((e) => e.context.query === 'headphones' && typeof e.context.brand === 'string')).toBe(true);
    expect(rum.some((e) => e.type === 'action' && e.action.type === 'click')).toBe(true);
    expect(rum.some((e) => e.type === 'view' && e.view.custom_timings && 'search_results_shown' in e.view.custom_timings)).toBe(true);
    expect(rum.some((e) => e.usr?.id && !e.usr.email)).toBe(true);
    expect(rum.some((e) => e.feature_flags && e.feature_flags.express_shipping_banner === true)).toBe(true);

    const resources = rum.filter((e) => e.type === 'resource');
    expect(resources.some((e) => /\/api\/search\?q=headphones/.test(e.resource.url) && e.resource.type === 'fetch')).toBe(true);
    // The intake proxy's own calls are never reported as resources.
    expect(resources.some((e) => /\/api\/rum/.test(e.resource.url))).toBe(false);

    const checkout = resources.find((e) => /\/api\/checkout$/.test(e.resource.url) && e.resource.status_code === 201);
    const traceId: string | undefined = checkout?._dd?.trace_id;
    expect(traceId).toMatch(/^\d+$/);
    const spans = await poll('the checkout trace at the test agent', async () => {
      const response = await fetch(`${TEST_AGENT}/test/traces?trace_ids=${traceId}`);
      if (!response.ok) return undefined;
      const traces = (await response.json()) as Array<Array<{ name: string; service: string; trace_id: number | string; resource: string }>>;
      const flat = traces.flat();
      return flat.some((span) => span.name === 'ecommerce.checkout') ? flat : undefined;
    }, 30_000);
    expect(spans.some((span) => span.service === 'order' && span.name === 'ecommerce.checkout')).toBe(true);
    expect(spans.some((span) => span.service === 'gateway')).toBe(true);
    // Every batch the SDK sent was accepted (the last beacon may be cut off by leaving the page).
    expect(intakeCalls.filter((call) => !call.startsWith('202') && !call.startsWith('failed net::ERR_ABORTED'))).toEqual([]);
    expect(consoleErrors.filter((text) => !/402|Payment Required/.test(text))).toEqual([]);
  });
});
