// The public API's description rendered by Swagger UI at /api/docs, through the edge as a visitor opens it:
// every operation of /api/openapi.json is listed, an operation opens with its schema, and the page loads
// nothing from outside the shop and logs no error (Swagger UI is served by the gateway, not a CDN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { EDGE, requireStack } from './support/stack';

let launched: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  await requireStack();
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
});

describe('the API docs page', () => {
  it('renders every operation of the OpenAPI document in Chromium', async () => {
    const document = (await (await fetch(`${EDGE}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);
    expect(operations).toBeGreaterThan(15);

    const page = await launched.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${EDGE}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('ShopFast public API');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations);

    // Open the checkout operation: its request body schema (from the contracts) is shown.
    await page.locator('.opblock-post:has(.opblock-summary-path[data-path="/api/checkout"]) .opblock-summary').click();
    await page.getByText('CheckoutRequest', { exact: false }).first().waitFor();

    expect(requests.filter((url) => !url.startsWith(EDGE) && !url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
