// The storefront's two faults (docs/faults.md) in a real Chromium with RUM on: switched through the gateway's
// admin API as a user would, read by the shop through GET /api/flags (OpenFeature web SDK), and seen where the
// user's Datadog would see them: productPageJsError as a RUM error of the product view, imageSlowLoad as
// product images that appear only after the delay. Both are reported as feature-flag evaluations on the
// RUM view. Every fault is switched off at the end, even when a test fails.
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { startRumIntake, type RumIntake } from './support/rum-intake';
import { ADMIN_TOKEN, GATEWAY, poll, requireStack, rumTestConfig, startTestEdge, type TestEdge } from './support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RUM events are free-form JSON read by path
type RumEvent = Record<string, any>;

const RUM = rumTestConfig('e2e-application-0002');

let launched: Awaited<ReturnType<typeof launchChromium>>;
let edge: TestEdge;
let intake: RumIntake;
let context: BrowserContext | undefined;

async function setFault(key: string, value: number | boolean | null): Promise<void> {
  const response = await fetch(`${GATEWAY}/api/admin/faults/${key}`, {
    method: value === null ? 'DELETE' : 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: value === null ? undefined : JSON.stringify({ value }),
  });
  expect(response.status, `${value === null ? 'clear' : 'set'} ${key}: ${await response.clone().text()}`).toBe(200);
}

async function firstProductPath(): Promise<string> {
  const response = await fetch(`${GATEWAY}/api/products?limit=1`);
  const body = (await response.json()) as { items: Array<{ id: string }> };
  return `/products/${body.items[0]?.id}`;
}

beforeAll(async () => {
  await requireStack();
  intake = await startRumIntake();
  edge = await startTestEdge({ rum: RUM, rumIntakeUpstream: intake.upstream });
  launched = await launchChromium();
});

afterEach(async () => {
  await context?.close().catch(() => undefined);
  context = undefined;
  await fetch(`${GATEWAY}/api/admin/faults`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
});

afterAll(async () => {
  await launched?.close();
  await edge?.stop();
  await intake?.close();
});

describe('storefront faults', () => {
  it('productPageJsError: the product page throws once it is shown, RUM records the error and the flag, the page stays usable', async () => {
    await setFault('productPageJsError', true);
    const since = await intake.lastSeq();
    context = await launched.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${edge.url}${await firstProductPath()}`);
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    await poll('the injected page error', async () => (pageErrors.some((message) => message.includes('productPageJsError')) ? true : undefined), 15_000);
    // Still usable: the product is on screen and the button answers.
    expect(await page.getByRole('button', { name: 'Add to cart' }).isVisible()).toBe(true);
    await page.goto('about:blank'); // the SDK flushes its batch

    const errors = await poll(
      'the RUM error event',
      async () => {
        const found = (await intake.events({ type: 'error', since })).map((recorded) => recorded.event as RumEvent).filter((event) => String(event.error?.message ?? '').includes('productPageJsError'));
        return found.length > 0 ? found : undefined;
      },
      20_000,
    );
    expect(errors[0]?.view?.url).toContain('/products/');
    const views = (await intake.events({ type: 'view', since })).map((recorded) => recorded.event as RumEvent);
    expect(views.some((view) => view.feature_flags?.productPageJsError === true)).toBe(true);

    // Off again: no more errors on the next visit.
    await setFault('productPageJsError', null);
    const page2 = await context.newPage();
    const laterErrors: string[] = [];
    page2.on('pageerror', (error) => laterErrors.push(error.message));
    await page2.goto(`${edge.url}${await firstProductPath()}`);
    await page2.getByRole('button', { name: 'Add to cart' }).waitFor();
    await page2.waitForTimeout(500);
    expect(laterErrors).toEqual([]);
  });

  it('imageSlowLoad: product images appear only after the delay, and at once when it is off', async () => {
    await setFault('imageSlowLoad', 2000);
    context = await launched.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${edge.url}/`);
    // The flags are read before the grid renders its cards on a fresh visit; a pending placeholder shows first.
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.getByTestId('image-pending').first().waitFor({ timeout: 5_000 });
    const pendingSince = Date.now();
    await page.locator('.product-grid img.product-card__image').first().waitFor({ timeout: 10_000 });
    expect(Date.now() - pendingSince).toBeGreaterThan(1_000);

    await setFault('imageSlowLoad', null);
    const fresh = await context.newPage();
    await fresh.goto(`${edge.url}/`);
    await fresh.locator('.product-grid img.product-card__image').first().waitFor({ timeout: 5_000 });
    expect(await fresh.getByTestId('image-pending').count()).toBe(0);
  });
});
