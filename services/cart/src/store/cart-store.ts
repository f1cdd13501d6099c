import type { RedisClient } from '@shopfast/stores';

/** One cart as stored: productId -> quantity, in the order the products were first added. */
export type CartLines = Array<{ productId: string; quantity: number }>;

export interface CartStore {
  /** The cart's lines, and whether the key existed (a cache hit) before this read. */
  read(userId: string): Promise<{ exists: boolean; lines: CartLines }>;
  /** Adds to the line's quantity, capped; refuses a new line when the cart already holds maxLines. */
  add(userId: string, productId: string, quantity: number): Promise<{ added: true; before: number; after: number } | { added: false }>;
  /** Sets a line's quantity (0 removes it); null when the line is not in the cart. */
  set(userId: string, productId: string, quantity: number): Promise<{ before: number } | null>;
  /** Removes lines; returns the quantity each removed line held (absent lines are skipped). */
  remove(userId: string, productIds: string[]): Promise<CartLines>;
  clear(userId: string): Promise<void>;
}

export interface CartStoreOptions {
  ttlSeconds: number;
  maxQuantity: number;
  maxLines: number;
}

// Conditional writes run as Lua so the check and the write (and the TTL refresh) are one atomic step:
// two concurrent adds can never push a line past the cap or a cart past its line limit.
const ADD_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return {-1, 0}
end
local after = math.min(current + tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], ARGV[1], after)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {current, after}
`;

const SET_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return -1
end
if tonumber(ARGV[2]) == 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return tonumber(current)
`;

export const cartKey = (userId: string) => `cart:${userId}`;

/**
 * Carts in Redis: one hash per user, `cart:{userId}`, field productId -> quantity. Every read and write
 * refreshes the TTL in the same MULTI or script, so a cart lives CART_TTL_SECONDS after its last use.
 * Only ids and quantities are stored; prices always come from the product service.
 */
export function createCartStore(redis: RedisClient, options: CartStoreOptions): CartStore {
  const ttl = String(options.ttlSeconds);

  return {
    async read(userId) {
      const key = cartKey(userId);
      const results = await redis.multi().hgetall(key).expire(key, ttl).exec();
      const hash = (unwrap(results, 0) ?? {}) as Record<string, string>;
      const lines = Object.entries(hash).map(([productId, quantity]) => ({ productId, quantity: Number(quantity) }));
      return { exists: lines.length > 0, lines };
    },

    async add(userId, productId, quantity) {
      const [before, after] = (await redis.eval(ADD_SCRIPT, 1, cartKey(userId), productId, quantity, options.maxQuantity, ttl, options.maxLines)) as [number, number];
      return before < 0 ? { added: false } : { added: true, before, after };
    },

    async set(userId, productId, quantity) {
      const before = (await redis.eval(SET_SCRIPT, 1, cartKey(userId), productId, quantity, ttl)) as number;
      return before < 0 ? null : { before };
    },

    async remove(userId, productIds) {
      const key = cartKey(userId);
      const results = await redis.multi().hmget(key, ...productIds).hdel(key, ...productIds).expire(key, ttl).exec();
      const quantities = (unwrap(results, 0) ?? []) as Array<string | null>;
      return productIds.flatMap((productId, index) => {
        const quantity = quantities[index];
        return quantity == null ? [] : [{ productId, quantity: Number(quantity) }];
      });
    },

    async clear(userId) {
      await redis.del(cartKey(userId));
    },
  };
}

/** MULTI results are [error, value] pairs; a failed command inside the transaction is rethrown. */
function unwrap(results: Array<[Error | null, unknown]> | null, index: number): unknown {
  if (!results) throw new Error('Redis transaction was aborted');
  const [error, value] = results[index] ?? [null, undefined];
  if (error) throw error;
  return value;
}
