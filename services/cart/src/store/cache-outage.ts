import type { FaultFlags } from '@shopfast/feature-flags';
import { AppError } from '@shopfast/service-kit';
import type { CartStore } from './cart-store';

/** What every cart request answers while the cart's Redis is unreachable: a clear, fast 503. */
export const cartUnavailable = () => new AppError('cart_unavailable', 'Carts are unavailable right now; please try again shortly', 503);

/**
 * The cacheOutage fault: the cart store behaves as if its Redis were unreachable. Every call first reads
 * the fault and, while it is on, fails at once with 503 cart_unavailable before touching Redis, so no
 * cart is changed or lost: carts are as they were when the fault is switched off. Checkouts fail before
 * any order exists (the order service cannot price the cart).
 */
export function withCacheOutage(store: CartStore, faults: FaultFlags): CartStore {
  const guard = async () => {
    if (await faults.enabled('cacheOutage')) throw cartUnavailable();
  };
  return {
    async read(userId) {
      await guard();
      return store.read(userId);
    },
    async add(userId, productId, quantity) {
      await guard();
      return store.add(userId, productId, quantity);
    },
    async set(userId, productId, quantity) {
      await guard();
      return store.set(userId, productId, quantity);
    },
    async remove(userId, productIds) {
      await guard();
      return store.remove(userId, productIds);
    },
    async clear(userId) {
      await guard();
      return store.clear(userId);
    },
  };
}
