import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@shopfast/service-kit';
import { configSchema } from './config';

/** The smallest environment the order service starts with (every required key, nothing else). */
const required = {
  PORT: '5104',
  HOST: '127.0.0.1',
  DD_SERVICE: 'order',
  SERVICE_KEY_FILE: '/secrets/order.key',
  TRUSTED_KEYS_FILE: '/secrets/keys.json',
  FLAGS_FILE: '/flags/state.json',
  DATABASE_URL: 'postgres://127.0.0.1:5432/shopfast_order',
  REDIS_URL: 'redis://127.0.0.1:6379',
  USER_SERVICE_URL: 'http://127.0.0.1:5101',
  CART_SERVICE_URL: 'http://127.0.0.1:5103',
  INVENTORY_SERVICE_URL: 'http://127.0.0.1:5106',
  PAYMENT_SERVICE_URL: 'http://127.0.0.1:5105',
};
const load = (env: Record<string, string>) => loadConfig('order', configSchema, { ...required, ...env });
const problemsWith = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('order configuration of the business gauges', () => {
  it('reads the gauges every 10 s and reports revenue in USD unless told otherwise', () => {
    const config = load({});
    expect(config.BUSINESS_GAUGES_INTERVAL_SECONDS).toBe(10);
    expect(config.REVENUE_CURRENCIES).toEqual(['USD']);
  });

  it('takes an interval of 1 to 60 whole seconds', () => {
    expect(load({ BUSINESS_GAUGES_INTERVAL_SECONDS: '1' }).BUSINESS_GAUGES_INTERVAL_SECONDS).toBe(1);
    expect(load({ BUSINESS_GAUGES_INTERVAL_SECONDS: '60' }).BUSINESS_GAUGES_INTERVAL_SECONDS).toBe(60);
  });

  it.each([
    ['0', 'must be > 0'],
    ['-5', 'must be > 0'],
    ['2.5', 'must be an integer'],
    ['ten', 'must be a number'],
    ['61', 'at most 60'],
  ])('refuses the interval %s, naming the key', (value, message) => {
    const problems = problemsWith({ BUSINESS_GAUGES_INTERVAL_SECONDS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BUSINESS_GAUGES_INTERVAL_SECONDS: /);
    expect(problems[0]).toContain(message);
  });

  it('takes a comma-separated list of ISO currency codes', () => {
    expect(load({ REVENUE_CURRENCIES: 'USD, EUR,GBP' }).REVENUE_CURRENCIES).toEqual(['USD', 'EUR', 'GBP']);
  });

  it.each(['usd', 'USD,EURO', ' , '])('refuses the currency list %j', (value) => {
    const problems = problemsWith({ REVENUE_CURRENCIES: value });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith('REVENUE_CURRENCIES'))).toBe(true);
  });
});
