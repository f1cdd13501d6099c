// The stack's own edge (:8080) as it runs by default: RUM not configured. No RUM call, no console
// error. And when the API is down or slow the shop says so instead of showing a white page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { EDGE, freePort, requireStack, startTestEdge } from './support/stack';

const OFF = { applicationId: '', clientToken: '', site: 'datadoghq.com', env: 'e2e', version: '0.1.0', sessionSampleRate: 100, sessionReplaySampleRate: 0, proxy: '/api/rum' };

let launched: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  await requireStack();
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
});

async function newPage(): Promise<{ page: Page; requests: string[]; consoleErrors: string[] }> {
  const page = await launched.browser.newPage({ viewport: { width: 1280, height: 860 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, requests, consoleErrors };
}

describe('the storefront with RUM unconfigured (the stack default)', () => {
  it('makes no RUM call and logs no console error while browsing', async () => {
    const config = (await (await fetch(`${EDGE}/config.json`)).json()) as { rum: { applicationId: string; clientToken: string } };
    expect(config.rum.applicationId, 'the stack edge must run without SHOPFAST_RUM_APPLICATION_ID for this test').toBe('');
    expect(config.rum.clientToken).toBe('');

    const { page, requests, consoleErrors } = await newPage();
    await page.goto(`${EDGE}/`);
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.getByRole('link', { name: 'Books' }).first().click();
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.locator('.product-grid .product-card__link').first().click();
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    await page.getByRole('combobox', { name: 'Search products' }).fill('lamp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=lamp/);
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.goto('about:blank'); // a configured SDK would flush its batch now

    expect(requests.some((url) => url.endsWith('/config.json'))).toBe(true);
    expect(requests.filter((url) => url.includes('/api/rum') || /datadoghq|browser-intake/.test(url))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('the storefront when the API is down or slow', () => {
  it('shows a clear message with a retry instead of a white page when the API is down', async () => {
    const { page } = await newPage();
    await page.route('**/api/**', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' }));
    await page.goto(`${EDGE}/search?q=lamp`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The shop is temporarily unavailable');
    expect(await page.getByRole('banner').isVisible()).toBe(true);

    // Back up: "Try again" loads the results.
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.product-grid .product-card__link').first().waitFor();
    await page.close();
  });

  it('says the shop is slow while a slow answer is on its way', async () => {
    const { page } = await newPage();
    await page.route('**/api/search?**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      await route.continue();
    });
    await page.goto(`${EDGE}/search?q=lamp`);
    await page.getByText('The shop is slower than usual').waitFor({ timeout: 10_000 });
    await page.locator('.product-grid .product-card__link').first().waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('answers API calls in the error shape when the gateway is unreachable, and still serves the app', async () => {
    // A private edge from the same template whose gateway address has nothing listening.
    const edge = await startTestEdge({ gatewayUpstream: `127.0.0.1:${await freePort()}`, rum: OFF });
    try {
      const response = await fetch(`${edge.url}/api/products?limit=1`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        error: { code: 'service_unavailable', message: 'The shop is temporarily unavailable. Please try again in a moment.' },
      });
      const spa = await fetch(`${edge.url}/orders/123`);
      expect(spa.status).toBe(200);
      expect(await spa.text()).toContain('<div id="root">');

      const { page, consoleErrors } = await newPage();
      await page.goto(`${edge.url}/`);
      await page.getByRole('alert').filter({ hasText: 'We could not load our top picks' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Shop by category' }).isVisible()).toBe(true);
      // The browser itself logs the failed fetch (503); nothing else may be logged.
      expect(consoleErrors.filter((text) => !/status of 503/.test(text))).toEqual([]);
      await page.close();
    } finally {
      await edge.stop();
    }
  });
});
