import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { endpoints, storeUrls } from '@shopfast/test-kit';
import { api, checkoutBody, newCustomer } from './shop-client';

const LOG_DIR = join(__dirname, '..', '..', '.stack', 'logs');
/** Card numbers are unmistakable; the CVC is checked as a JSON value so "123" elsewhere does not count. */
const SECRETS = ['4242424242424242', '4000000000000002', '4242 4242 4242 4242'];
const CVC = /"cvc"\s*:\s*"(?!\[REDACTED\])\d{3,4}"/;

async function allRowsAsText(database: string): Promise<string> {
  const client = new pg.Client({ connectionString: storeUrls.postgres(database) });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    let text = '';
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS json FROM "${table_name}" t`);
      text += rows.rows.map((row) => row.json).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

describe('card data stays out of logs, traces and storage', () => {
  it('never writes a full card number or CVC to any log line, span tag or stored row', async () => {
    const customer = await newCustomer('carddata');
    const products = await api('/api/products?limit=2&category=toys');
    for (const product of products.body.items) {
      await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId: product.id, quantity: 1 } });
    }
    const declined = await api('/api/checkout', { method: 'POST', token: customer.token, body: checkoutBody('4000000000000002') });
    expect(declined.status).toBe(402);
    const approved = await api('/api/checkout', { method: 'POST', token: customer.token, body: { ...checkoutBody(), payment: { ...checkoutBody().payment, cardNumber: '4242 4242 4242 4242' } } });
    expect(approved.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let log buffers and trace flushes land

    const logFiles = readdirSync(LOG_DIR).filter((file) => file.endsWith('.log') && !file.startsWith('dogstatsd'));
    expect(logFiles.length).toBeGreaterThanOrEqual(9);
    for (const file of logFiles) {
      const text = readFileSync(join(LOG_DIR, file), 'utf8');
      for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
      expect(CVC.test(text), `a CVC in ${file}`).toBe(false);
    }

    const traces = await (await fetch(`${endpoints.testAgent}/test/traces`)).text();
    expect(traces.length).toBeGreaterThan(100);
    for (const secret of SECRETS) expect(traces.includes(secret), `${secret} in a span`).toBe(false);

    for (const database of ['shopfast_order', 'shopfast_payment', 'shopfast_user']) {
      const rows = await allRowsAsText(database);
      for (const secret of SECRETS) expect(rows.includes(secret), `${secret} in ${database}`).toBe(false);
      expect(CVC.test(rows), `a CVC in ${database}`).toBe(false);
    }
  });
});
