// The storefront's two faults (docs/faults.md) in a real Chromium with RUM on: switched through the gateway's
// admin API as a user would, read by the shop through GET /api/flags (OpenFeature web SDK), and seen where the
// user's Datadog would see them: productPageJsError as a RUM error of the product view, imageSlowLoad as
// product images that appear only after the delay. Both are reported as feature-flag evaluations on the
// RUM view. Each trips its Datadog RUM monitor (the monitor's signal, infra/datadog/src/definitions/signals,
// evaluated on the RUM events the intake recorded) while on, and stays within it off. Every fault is switched
// off at the end, even when a test fails.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_SIGNALS, evaluateSignal, monitorQuery, signalValues, statusOf, type FaultKey } from '@shopfast/datadog/src/definitions/signals';
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

/**
 * The RUM views of this file's application that started after `since` (a view belongs to the window it started
 * in), every update of them, once `ready` says they are in and no update came for a second (the SDK sends a view
 * again on every change; the monitor reads its last update).
 */
async function viewsSince(since: number, ready: (views: RumEvent[]) => boolean, notBefore: RumEvent[] = []): Promise<RumEvent[]> {
  const earlier = new Set(notBefore.map((view) => view.view?.id));
  let last = { count: -1, at: 0 };
  return poll('the RUM views of the window', async () => {
    const views = (await intake.events({ type: 'view', since }))
      .map((recorded) => recorded.event as RumEvent)
      .filter((view) => view.application?.id === RUM?.applicationId && !earlier.has(view.view?.id));
    if (views.length !== last.count) last = { count: views.length, at: Date.now() };
    return ready(views) && Date.now() - last.at >= 1_000 ? views : undefined;
  }, 20_000, 250);
}

/**
 * The fault's RUM monitor evaluated on `events`: critical while the fault is on, not critical off. `everyValue`:
 * each view's measure is past the critical threshold too, so the percentile does not cross it on one view alone.
 */
function expectMonitor(fault: FaultKey, events: RumEvent[], verdict: 'critical' | 'not critical', check: { everyValue?: boolean } = {}): void {
  const signal = FAULT_SIGNALS[fault];
  const query = monitorQuery(signal, RUM!.env);
  const value = evaluateSignal(signal, { rum: events }, RUM!.env);
  expect(value, `${fault}: no data for ${query}`).toBeDefined();
  const status = statusOf(signal.condition, value as number);
  if (verdict === 'critical') expect(status, `${fault} on: ${value} ${signal.unit} must trip ${query}`).toBe('critical');
  else expect(status, `${fault} off: ${value} ${signal.unit} must stay within ${query}`).not.toBe('critical');
  if (check.everyValue) {
    const values = signalValues(signal, { rum: events }, RUM!.env) ?? [];
    expect(values.length, `${fault}: the views of ${query}`).toBeGreaterThanOrEqual(2);
    for (const each of values) expect(statusOf(signal.condition, each), `${fault} on: each view, ${each} ${signal.unit}, past ${signal.condition.critical}`).toBe('critical');
  }
}

/** Leaves the page so the RUM SDK sends the view's last update (LCP, error count) at once. */
const flushRum = (page: Page) => page.goto('about:blank');

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
    // The monitor's window: the product view (its last update carries its error count).
    const onViews = await viewsSince(since, (found) => found.some((view) => (view.view?.error?.count ?? 0) > 0));
    expectMonitor('productPageJsError', onViews, 'critical');

    // Off again: no more errors on the next visit.
    await setFault('productPageJsError', null);
    const offSince = await intake.lastSeq();
    const page2 = await context.newPage();
    const laterErrors: string[] = [];
    page2.on('pageerror', (error) => laterErrors.push(error.message));
    await page2.goto(`${edge.url}${await firstProductPath()}`);
    await page2.getByRole('button', { name: 'Add to cart' }).waitFor();
    await page2.waitForTimeout(500);
    expect(laterErrors).toEqual([]);
    await flushRum(page2);
    expectMonitor('productPageJsError', await viewsSince(offSince, (found) => found.some((view) => view.view?.url?.includes('/products/')), onViews), 'not critical');
  });

  it('imageSlowLoad: product images appear only after the delay, LCP trips its monitor, and at once when it is off', async () => {
    await setFault('imageSlowLoad', 3000);
    const since = await intake.lastSeq();
    context = await launched.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${edge.url}/`);
    // The flags are read before the grid renders its cards on a fresh visit; a pending placeholder shows first.
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.getByTestId('image-pending').first().waitFor({ timeout: 5_000 });
    const pendingSince = Date.now();
    await page.locator('.product-grid img.product-card__image').first().waitFor({ timeout: 10_000 });
    expect(Date.now() - pendingSince).toBeGreaterThan(1_000);
    // The monitor's window: two searches of this visit, whose results show the late images at the top (their
    // LCP). The home page's view is left out: its grid starts below the fold, so its largest paint is the heading,
    // which the fault does not delay (docs/faults.md).
    const search = async (visit: Page) => {
      await visit.goto(`${edge.url}/search?q=lamp`);
      await visit.locator('.product-grid img.product-card__image').first().waitFor({ timeout: 10_000 });
      await visit.locator('.product-grid img.product-card__image').first().evaluate((image: HTMLImageElement) => image.decode());
      await flushRum(visit);
    };
    const isSearch = (view: RumEvent) => String(view.view?.url ?? '').includes('/search');
    const twoSearchesWithLcp = (found: RumEvent[]) => new Set(found.filter((view) => isSearch(view) && typeof view.view?.largest_contentful_paint === 'number').map((view) => view.view.id)).size >= 2;
    await search(page);
    await search(page);
    const onViews = (await viewsSince(since, twoSearchesWithLcp)).filter(isSearch);
    expectMonitor('imageSlowLoad', onViews, 'critical', { everyValue: true });

    await setFault('imageSlowLoad', null);
    const offSince = await intake.lastSeq();
    const fresh = await context.newPage();
    await fresh.goto(`${edge.url}/`);
    await fresh.locator('.product-grid img.product-card__image').first().waitFor({ timeout: 5_000 });
    expect(await fresh.getByTestId('image-pending').count()).toBe(0);
    // The same two searches with the fault off.
    await search(fresh);
    await search(fresh);
    expectMonitor('imageSlowLoad', (await viewsSince(offSince, twoSearchesWithLcp, onViews)).filter(isSearch), 'not critical');
  });
});
