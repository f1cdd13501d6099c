import { LOW_STOCK_THRESHOLD } from '@shopfast/contracts';
import { describe, expect, it } from 'vitest';
import { cannotFulfil, MAX_QUANTITY, orderableUnits, stockLevel, stockWarning } from './stock-level';

const warning = (stock: number | null, available = stock !== 0) => stockWarning(stockLevel({ stock, available }));

describe('stock level', () => {
  it('says "Only N left" below the contract threshold and nothing from it up', () => {
    expect(LOW_STOCK_THRESHOLD).toBe(5);
    expect(warning(1)).toBe('Only 1 left');
    expect(warning(LOW_STOCK_THRESHOLD - 1)).toBe(`Only ${LOW_STOCK_THRESHOLD - 1} left`);
    expect(warning(LOW_STOCK_THRESHOLD)).toBeNull();
    expect(warning(25)).toBeNull();
  });

  it('treats an unknown stock as in stock without a count', () => {
    expect(stockLevel({ stock: null, available: true })).toEqual({ kind: 'in_stock' });
    expect(orderableUnits({ stock: null, available: true })).toBe(MAX_QUANTITY);
  });

  it('says "Out of stock" when the catalog says unavailable or the count is 0, whichever comes first', () => {
    expect(warning(0, false)).toBe('Out of stock');
    expect(warning(12, false)).toBe('Out of stock');
    expect(warning(0, true)).toBe('Out of stock');
    expect(warning(null, false)).toBe('Out of stock');
  });

  it('offers no more units than are left, and never more than ten', () => {
    expect(orderableUnits({ stock: 3, available: true })).toBe(3);
    expect(orderableUnits({ stock: 25, available: true })).toBe(10);
    expect(orderableUnits({ stock: 0, available: false })).toBe(0);
  });

  it('flags a cart line the checkout would refuse', () => {
    expect(cannotFulfil({ stock: 0, available: false, quantity: 1 })).toBe(true);
    expect(cannotFulfil({ stock: 2, available: true, quantity: 3 })).toBe(true);
    expect(cannotFulfil({ stock: 3, available: true, quantity: 3 })).toBe(false);
    expect(cannotFulfil({ stock: null, available: true, quantity: 9 })).toBe(false);
  });
});
