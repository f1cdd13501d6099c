import { afterEach, describe, expect, it } from 'vitest';
import { endpoints } from './endpoints';

const set = (name: string, value: string | undefined) => {
  const previous = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  restores.push(() => (previous === undefined ? delete process.env[name] : (process.env[name] = previous)));
};
const restores: Array<() => void> = [];
afterEach(() => restores.splice(0).reverse().forEach((restore) => restore()));

describe('endpoints', () => {
  it('finds a service on the port its SHOPFAST_<SERVICE>_PORT moves it to', () => {
    set('SHOPFAST_INVENTORY_URL', undefined);
    set('SHOPFAST_INVENTORY_PORT', '6106');
    expect(endpoints.service('inventory')).toBe('http://127.0.0.1:6106');
  });

  it('lets a whole SHOPFAST_<SERVICE>_URL point at a stack somewhere else', () => {
    set('SHOPFAST_PAYMENT_URL', 'http://payments.test:80');
    expect(endpoints.service('payment')).toBe('http://payments.test:80');
  });
});
