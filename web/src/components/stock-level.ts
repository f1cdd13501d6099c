// What the shop can promise about a product's stock, decided in one place so product cards, the
// product page and the cart never disagree. The numbers come from the catalog (Product.stock,
// CartItem.stock): units orderable now, or null before inventory has reported (then: in stock, no count).
import { LOW_STOCK_THRESHOLD } from '@shopfast/contracts';

/** The most any quantity selector offers, even when more is in stock (as before stock was shown). */
export const MAX_QUANTITY = 10;

export interface StockFacts {
  stock: number | null;
  available: boolean;
}

export type StockLevel = { kind: 'out_of_stock' } | { kind: 'low'; left: number } | { kind: 'in_stock' };

export function stockLevel({ stock, available }: StockFacts): StockLevel {
  // `available` is the catalog's own verdict; a count of 0 says the same even if one lags the other.
  if (!available || (stock !== null && stock <= 0)) return { kind: 'out_of_stock' };
  if (stock !== null && stock < LOW_STOCK_THRESHOLD) return { kind: 'low', left: stock };
  return { kind: 'in_stock' };
}

/** The words for a level that needs saying; in stock needs none on a card or a cart line. */
export function stockWarning(level: StockLevel): string | null {
  if (level.kind === 'out_of_stock') return 'Out of stock';
  if (level.kind === 'low') return `Only ${level.left} left`;
  return null;
}

/** How many units a quantity selector may offer: none when out of stock, never more than are left. */
export function orderableUnits(facts: StockFacts): number {
  if (stockLevel(facts).kind === 'out_of_stock') return 0;
  return facts.stock === null ? MAX_QUANTITY : Math.min(MAX_QUANTITY, facts.stock);
}

/** A cart line the checkout would refuse (409 out_of_stock): nothing left, or more units than are left. */
export function cannotFulfil(line: StockFacts & { quantity: number }): boolean {
  return stockLevel(line).kind === 'out_of_stock' || (line.stock !== null && line.quantity > line.stock);
}
