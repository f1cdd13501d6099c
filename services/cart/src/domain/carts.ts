import { MAX_CART_QUANTITY } from '@shopfast/contracts';
import { conflict, notFound, type Logger, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { CatalogProduct, ProductClient } from '../clients/product-client';
import type { ActiveCarts } from '../store/active-carts';
import type { CartLines, CartStore } from '../store/cart-store';
import { priceLines, type Cart } from './cart-pricing';

/** The contract's limit per line: the request schemas check it, the store caps additions at it. */
export const MAX_QUANTITY = MAX_CART_QUANTITY;

export interface CartsDeps {
  store: CartStore;
  /** Last-use times of carts with items, for abandonment (see cart-abandonment.ts). */
  active: ActiveCarts;
  products: ProductClient;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/**
 * The cart rules: quantities 1..99 per line, prices always from the product service, and products that
 * vanished from the catalog dropped from the cart on the next read (reported in `removedItems`).
 */
export function createCarts({ store, active, products, metrics, logger, now = Date.now }: CartsDeps) {
  /** Every read and write ends in a read: a cart holding items was just used. */
  async function readLines(userId: string) {
    const result = await store.read(userId);
    if (result.lines.length > 0) await active.touch(userId, now());
    return result;
  }

  /** Looks every line up in one batched call, drops vanished products from the store, and prices the rest. */
  async function price(userId: string, lines: CartLines): Promise<Cart> {
    return tracer.trace('cart.price_items', { resource: 'cart.price_items' }, async (span) => {
      span?.setTag('cart.item_count', lines.length);
      const found = lines.length > 0 ? await products.getMany(lines.map((line) => line.productId)) : new Map();
      const gone = lines.filter((line) => !found.has(line.productId)).map((line) => line.productId);
      if (gone.length > 0) {
        const removed = await store.remove(userId, gone);
        const units = removed.reduce((sum, line) => sum + line.quantity, 0);
        if (units > 0) metrics.increment('ecommerce.cart.items_removed', units, { reason: 'product_gone' });
        logger.info({ productIds: gone }, 'dropped products that left the catalog from a cart');
        span?.setTag('cart.removed_item_count', gone.length);
      }
      const cart = priceLines(lines, found);
      span?.setTag('cart.subtotal', cart.subtotal);
      return gone.length > 0 ? { ...cart, removedItems: gone } : cart;
    });
  }

  /**
   * Refuses (409 out_of_stock, naming the product) what the catalog says cannot be ordered: a product out
   * of stock, or `wanted` units (what the line would hold) when fewer are left. Checkout still checks for
   * real: stock may go between now and then.
   */
  async function refuseBeyondStock(product: CatalogProduct, wanted: number): Promise<void> {
    if (!product.available || product.stock === 0) {
      metrics.increment('ecommerce.cart.add_refused', 1, { reason: 'out_of_stock' });
      throw conflict('out_of_stock', `${product.name} is out of stock`, { productId: product.id, name: product.name, available: 0 });
    }
    if (product.stock !== null && wanted > product.stock) {
      metrics.increment('ecommerce.cart.add_refused', 1, { reason: 'not_enough_stock' });
      throw conflict('out_of_stock', `Only ${product.stock} left of ${product.name}`, { productId: product.id, name: product.name, available: product.stock, wanted });
    }
  }

  async function read(userId: string): Promise<Cart> {
    return price(userId, (await readLines(userId)).lines);
  }

  return {
    /** GET /cart: the one read that counts as a cache hit or miss, and records the cart's value. */
    async get(userId: string): Promise<Cart> {
      const { exists, lines } = await readLines(userId);
      metrics.increment(exists ? 'ecommerce.cache.hit' : 'ecommerce.cache.miss', 1, { cache_type: 'redis', cache: 'cart' });
      const cart = await price(userId, lines);
      if (cart.items.length > 0) metrics.distribution('ecommerce.cart.value', cart.subtotal, { currency: cart.currency });
      return cart;
    },

    /**
     * Adds units of a product, refusing (409 out_of_stock, naming the product) what the catalog says
     * cannot be ordered: a product out of stock, or more units than it has left counting those already
     * in the cart. Checkout still checks for real (stock may go between now and then).
     */
    async addItem(userId: string, productId: string, quantity: number): Promise<Cart> {
      const product = await products.get(productId);
      if (!product) throw notFound(`Product ${productId} does not exist`, 'product_not_found', { productId });
      const inCart = async () => (await store.read(userId)).lines.find((line) => line.productId === productId)?.quantity ?? 0;
      await refuseBeyondStock(product, product.stock === null ? 0 : (await inCart()) + quantity);
      const result = await store.add(userId, productId, quantity);
      if (!result.added) throw conflict('cart_full', 'The cart holds as many different products as it can', { productId });
      const added = result.after - result.before;
      if (added > 0) metrics.increment('ecommerce.cart.items_added', added, { category: product.category });
      return read(userId);
    },

    /** Sets a line's quantity; raising it past the stock is refused like an add (lowering never is). */
    async setQuantity(userId: string, productId: string, quantity: number): Promise<Cart> {
      const current = (await store.read(userId)).lines.find((line) => line.productId === productId)?.quantity;
      if (current !== undefined && quantity > current) {
        const product = await products.get(productId);
        if (product) await refuseBeyondStock(product, quantity);
      }
      const result = await store.set(userId, productId, quantity);
      if (!result) throw notFound(`Product ${productId} is not in the cart`, 'item_not_in_cart', { productId });
      if (quantity === 0) metrics.increment('ecommerce.cart.items_removed', result.before, { reason: 'customer' });
      return read(userId);
    },

    /** Idempotent: removing a product that is not in the cart still answers the cart. */
    async removeItem(userId: string, productId: string): Promise<Cart> {
      const [removed] = await store.remove(userId, [productId]);
      if (removed) metrics.increment('ecommerce.cart.items_removed', removed.quantity, { reason: 'customer' });
      return read(userId);
    },

    /** DELETE /cart, called by the order service after a checkout: not a customer removal, not counted, never abandoned. */
    async clear(userId: string): Promise<void> {
      await store.clear(userId);
      await active.forget(userId);
    },
  };
}

export type Carts = ReturnType<typeof createCarts>;
