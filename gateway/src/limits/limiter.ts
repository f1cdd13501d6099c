import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '@shopfast/stores';

export type LimitDecision =
  | { result: 'allowed' }
  | { result: 'limited'; retryAfterSeconds: number }
  /** Redis did not answer (down, not connected yet, too slow): the request goes through. */
  | { result: 'bypassed'; error: unknown };

export interface Limiter {
  /** Name used in span and metric tags (api, login_ip, login_failures). */
  name: string;
  /** Spends one point; limited once the window's points are spent. */
  consume(key: string): Promise<LimitDecision>;
  /** Gives back one point spent by consume() (a login attempt that turned out not to be a failure). */
  refund(key: string): Promise<void>;
  /** Forgets the key (a successful login clears its failures). */
  reset(key: string): Promise<void>;
}

export interface LimiterOptions {
  name: string;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /** Longest a request waits for Redis before it is let through. */
  timeoutMs?: number;
}

/**
 * A fixed-window counter in Redis (rate-limiter-flexible, one atomic Lua call per request), shared by
 * every gateway instance. It fails open: when Redis is down or slow the decision is "bypassed" and the
 * request goes on, because an outage of the limiter must not become an outage of the shop.
 * `rejectIfRedisNotReady` makes a disconnected client fail at once instead of queueing commands.
 */
export function createLimiter(redis: RedisClient, options: LimiterOptions): Limiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    rejectIfRedisNotReady: true,
  });
  const timeoutMs = options.timeoutMs ?? 250;

  const limited = (res: RateLimiterRes): LimitDecision => ({ result: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) });

  return {
    name: options.name,
    async consume(key) {
      try {
        await withTimeout(limiter.consume(key), timeoutMs);
        return { result: 'allowed' };
      } catch (error) {
        // consume() rejects with a RateLimiterRes when the points are spent, with an Error when Redis fails.
        return error instanceof RateLimiterRes ? limited(error) : { result: 'bypassed', error };
      }
    },
    async refund(key) {
      await withTimeout(limiter.reward(key, 1), timeoutMs);
    },
    async reset(key) {
      await withTimeout(limiter.delete(key), timeoutMs);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`rate limiter did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
