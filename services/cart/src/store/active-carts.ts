import type { RedisClient } from '@shopfast/stores';
import { cartKey, type CartLines } from './cart-store';

/** Sorted set: member userId, score = last time (ms) the customer's non-empty cart was read or written. */
export const ACTIVE_CARTS_KEY = 'carts:active';

// Takes up to ARGV[2] members last touched at or before ARGV[1] and removes them, in one atomic step:
// with several cart instances sweeping, each idle cart is claimed (and counted) by exactly one, and a
// cart touched again in the meantime has a newer score and is not claimed.
const CLAIM_SCRIPT = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #members > 0 then redis.call('ZREM', KEYS[1], unpack(members)) end
return members
`;

export interface ActiveCarts {
  /** The cart was used and holds items. */
  touch(userId: string, nowMs: number): Promise<void>;
  /** The cart ended in a checkout (or was emptied): it can no longer be abandoned. */
  forget(userId: string): Promise<void>;
  /** Claims carts idle since `cutoffMs` or longer; each claimed id is returned to one caller only. */
  claimIdle(cutoffMs: number, limit: number): Promise<string[]>;
  /** The cart's lines without refreshing its TTL (looking at an abandoned cart is not using it). */
  peek(userId: string): Promise<CartLines>;
}

export function createActiveCarts(redis: RedisClient): ActiveCarts {
  return {
    async touch(userId, nowMs) {
      await redis.zadd(ACTIVE_CARTS_KEY, nowMs, userId);
    },
    async forget(userId) {
      await redis.zrem(ACTIVE_CARTS_KEY, userId);
    },
    async claimIdle(cutoffMs, limit) {
      return (await redis.eval(CLAIM_SCRIPT, 1, ACTIVE_CARTS_KEY, cutoffMs, limit)) as string[];
    },
    async peek(userId) {
      const hash = await redis.hgetall(cartKey(userId));
      return Object.entries(hash).map(([productId, quantity]) => ({ productId, quantity: Number(quantity) }));
    },
  };
}
