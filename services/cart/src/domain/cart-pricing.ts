import type { CatalogProduct } from '../clients/product-client';
import type { Cart } from '@shopfast/contracts';
import type { CartLines } from '../store/cart-store';

export type { Cart, CartItem } from '@shopfast/contracts';

export const DEFAULT_CURRENCY = 'USD';

/** Money is summed in integer cents, so 3 x 19.99 is 59.97 and never 59.970000000000006. */
export const toCents = (amount: number) => Math.round(amount * 100);
export const fromCents = (cents: number) => cents / 100;

/**
 * Prices the stored lines with the products just read from the catalog; lines whose product is not in
 * `products` are left out (the caller drops them). Each line says how many units the product has left,
 * so the storefront can warn before checkout. The catalog has one currency; the cart takes the currency
 * of its first item.
 */
export function priceLines(lines: CartLines, products: ReadonlyMap<string, CatalogProduct>): Cart {
  let subtotalCents = 0;
  let itemCount = 0;
  const items = lines.flatMap((line) => {
    const product = products.get(line.productId);
    if (!product) return [];
    const unitCents = toCents(product.price);
    const lineCents = unitCents * line.quantity;
    subtotalCents += lineCents;
    itemCount += line.quantity;
    return [
      {
        productId: line.productId,
        sku: product.sku,
        name: product.name,
        imageUrl: product.imageUrl,
        unitPrice: fromCents(unitCents),
        currency: product.currency,
        quantity: line.quantity,
        lineTotal: fromCents(lineCents),
        stock: product.stock,
        available: product.available,
      },
    ];
  });
  return { items, itemCount, subtotal: fromCents(subtotalCents), currency: items[0]?.currency ?? DEFAULT_CURRENCY };
}
