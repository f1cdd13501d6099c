import { Redis } from 'ioredis';

export type RedisClient = Redis;

/**
 * A Redis connection that fails commands fast while disconnected (instead of queueing them forever),
 * so a Redis outage turns into quick 503s rather than hung requests. `failFast` is for a cache: no
 * queueing at all while disconnected and a 250 ms command timeout, so a missing or slow Redis costs a
 * request almost nothing and the caller reads its store instead.
 */
export function createRedis(url: string, connectionName: string, options: { failFast?: boolean } = {}): RedisClient {
  const redis = new Redis(url, {
    connectionName,
    maxRetriesPerRequest: options.failFast ? 0 : 2,
    enableOfflineQueue: !options.failFast,
    ...(options.failFast ? { commandTimeout: 250 } : {}),
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors are retried by ioredis; without a listener they would be printed as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

export async function checkRedis(redis: RedisClient): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
}
