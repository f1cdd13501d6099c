import { describe, expect, it } from 'vitest';
import { priceLines } from './cart-pricing';

const product = (id: string, price: number) => ({ id, sku: `SKU-${id}`, name: id, price, currency: 'EUR', category: 'books', imageUrl: '' });

describe('cart pricing', () => {
  it('sums in integer cents so float errors never reach the totals', () => {
    const cart = priceLines(
      [
        { productId: 'p-0001', quantity: 3 },
        { productId: 'p-0002', quantity: 7 },
      ],
      [product('p-0001', 0.1), product('p-0002', 1.15)],
    );
    expect(cart.items.map((item) => item.lineTotal)).toEqual([0.3, 8.05]);
    expect(cart.subtotal).toBe(8.35);
    expect(cart.itemCount).toBe(10);
    expect(cart.currency).toBe('EUR');
  });

  it('rounds a catalog price with more than two decimals to cents before multiplying', () => {
    const cart = priceLines([{ productId: 'p-0001', quantity: 2 }], [product('p-0001', 9.999)]);
    expect(cart.items[0]).toMatchObject({ unitPrice: 10, lineTotal: 20 });
  });

  it('prices an empty cart at zero in the default currency', () => {
    expect(priceLines([], [])).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: 'USD' });
  });
});
