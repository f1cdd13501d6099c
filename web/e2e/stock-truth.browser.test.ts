// "The storefront tells the truth" in a real Chromium through the stack's edge: an administrator sets
// a product's stock to 0, the catalog hears it (inventory's stock.changed, within about a second), and
// the product page says so: to a shopper who still has the page open when they click "Add to cart"
// (the cart API's 409 message), and on the next visit. Restocked, it can be bought again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOW_STOCK_THRESHOLD, type Page as ListPage, type Product } from '@shopfast/contracts';
import { launchChromium } from './support/chromium';
import { ADMIN_TOKEN, EDGE, GATEWAY, poll, requireStack } from './support/stack';

let launched: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
let product: Product;
/** The stock the product had before this file changed it, put back at the end whatever happens. */
let originalStock: number | null = null;
let stockChanged = false;
const consoleErrors: string[] = [];
const email = `e2e-stock-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

async function setStock(sku: string, available: number): Promise<void> {
  const response = await fetch(`${GATEWAY}/api/admin/inventory/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ available }),
  });
  if (response.status !== 200) throw new Error(`PUT /api/admin/inventory/${sku} answered ${response.status}: ${await response.text()}`);
  stockChanged = true;
}

async function readProduct(id: string): Promise<Product> {
  const response = await fetch(`${GATEWAY}/api/products/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`GET /api/products/${id} answered ${response.status}`);
  return (await response.json()) as Product;
}

/** The catalog follows inventory within about a second: give it two, as the contract promises. */
const catalogSays = (available: boolean) =>
  poll(`GET /api/products/${product.id} to say available: ${available}`, async () => ((await readProduct(product.id)).available === available ? true : undefined), 2_000, 100);

const stockLine = () => page.locator('.product-detail__stock');
const addButton = () => page.getByRole('button', { name: 'Add to cart' });

beforeAll(async () => {
  await requireStack();
  // A product with plenty in stock, from a category the other browser tests do not shop in.
  const response = await fetch(`${GATEWAY}/api/products?category=garden&limit=50`);
  if (!response.ok) throw new Error(`GET /api/products answered ${response.status}`);
  const candidates = ((await response.json()) as ListPage<Product>).items.filter(
    (item) => item.available && (item.stock === null || item.stock >= LOW_STOCK_THRESHOLD),
  );
  const chosen = candidates.at(-1);
  if (!chosen) throw new Error('no garden product with plenty in stock to sell out');
  product = chosen;
  originalStock = chosen.stock;

  launched = await launchChromium();
  browser = launched.browser;
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  // Never leave the shared stack with a sold-out product: the journey tests buy from the catalog too.
  if (stockChanged && product) await setStock(product.sku, originalStock ?? 25).catch(() => undefined);
  await page?.close().catch(() => undefined);
  await launched?.close();
});

describe('stock on the product page, as inventory changes', () => {
  it('tells a shopper with the page open that the product just sold out, and disables add to cart', async () => {
    await page.goto(`${EDGE}/signup`);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Hi, Ada').waitFor();

    await page.goto(`${EDGE}/products/${encodeURIComponent(product.id)}`);
    await page.getByRole('heading', { name: product.name, exact: true }).waitFor();
    expect(await stockLine().textContent()).toBe('In stock · ships in 1–2 days');
    expect(await addButton().isEnabled()).toBe(true);

    await setStock(product.sku, 0);
    await catalogSays(false);

    // The page still shows the stock it loaded with; the cart API refuses and names the product.
    await addButton().click();
    const refusal = page.locator('.notice--error').filter({ hasText: 'out of stock' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(product.name);
    await expect.poll(() => addButton().isDisabled()).toBe(true);
    expect(await stockLine().textContent()).toBe('Out of stock');
    expect(await page.getByText(/Added \d+ to your cart/).count()).toBe(0);
  });

  it('shows the sold-out product as "Out of stock" with add to cart disabled on the next visit', async () => {
    await page.goto(`${EDGE}/products/${encodeURIComponent(product.id)}`);
    await page.getByRole('heading', { name: product.name, exact: true }).waitFor();
    expect(await stockLine().textContent()).toBe('Out of stock');
    expect(await addButton().isDisabled()).toBe(true);
    expect(await page.getByLabel('Quantity').isDisabled()).toBe(true);
  });

  it('shows it in stock again once restocked, and lets the shopper add it', async () => {
    await setStock(product.sku, 25);
    await catalogSays(true);

    await page.reload();
    await page.getByRole('heading', { name: product.name, exact: true }).waitFor();
    expect(await stockLine().textContent()).toBe('In stock · ships in 1–2 days');
    expect(await addButton().isEnabled()).toBe(true);
    await addButton().click();
    await page.getByText('Added 1 to your cart').waitFor();
    // The browser logs the refused add (409) itself; nothing else may be logged.
    expect(consoleErrors.filter((text) => !/status of 409/.test(text))).toEqual([]);
  });
});
