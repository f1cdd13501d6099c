import { Redis } from 'ioredis';

export type RedisClient = Redis;

/**
 * A Redis connection that fails commands fast while disconnected (instead of queueing them forever),
 * so a Redis outage turns into quick 503s rather than hung requests.
 */
export function createRedis(url: string, connectionName: string): RedisClient {
  const redis = new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
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
