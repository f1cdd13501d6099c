import { describe, expect, it } from 'vitest';
import { priceLines } from './cart-pricing';

const product = (id: string, price: number, stock: number | null = 10) => ({ id, sku: `SKU-${id}`, name: id, price, currency: 'EUR', category: 'books', imageUrl: '', stock, available: stock !== 0 });
const catalog = (...products: Array<ReturnType<typeof product>>) => new Map(products.map((p) => [p.id, p]));

describe('cart pricing', () => {
  it('sums in integer cents so float errors never reach the totals', () => {
    const cart = priceLines(
      [
        { productId: 'p-0001', quantity: 3 },
        { productId: 'p-0002', quantity: 7 },
      ],
      catalog(product('p-0001', 0.1), product('p-0002', 1.15)),
    );
    expect(cart.items.map((item) => item.lineTotal)).toEqual([0.3, 8.05]);
    expect(cart.subtotal).toBe(8.35);
    expect(cart.itemCount).toBe(10);
    expect(cart.currency).toBe('EUR');
  });

  it('rounds a catalog price with more than two decimals to cents before multiplying', () => {
    const cart = priceLines([{ productId: 'p-0001', quantity: 2 }], catalog(product('p-0001', 9.999)));
    expect(cart.items[0]).toMatchObject({ unitPrice: 10, lineTotal: 20 });
  });

  it('prices an empty cart at zero in the default currency', () => {
    expect(priceLines([], new Map())).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: 'USD' });
  });

  it('tells each line how many units its product has left, and leaves out lines whose product is gone', () => {
    const cart = priceLines(
      [
        { productId: 'p-0001', quantity: 2 },
        { productId: 'p-0404', quantity: 1 },
        { productId: 'p-0003', quantity: 1 },
      ],
      catalog(product('p-0001', 5, 0), product('p-0003', 5, null)),
    );
    expect(cart.items.map(({ productId, stock, available }) => ({ productId, stock, available }))).toEqual([
      { productId: 'p-0001', stock: 0, available: false },
      { productId: 'p-0003', stock: null, available: true },
    ]);
    expect(cart.subtotal).toBe(15);
  });
});
