import { createHash } from 'node:crypto';
import type { Logger, Metrics } from '@shopfast/service-kit';
import type { RedisClient } from '@shopfast/stores';
import { tracer } from '@shopfast/tracing';

/** The caches, as the `cache` tag of ecommerce.cache.hit/miss and the `cache.name` span tag names them. */
export type CacheName = 'product' | 'product_list' | 'search';

/** A product's stock as the catalog last heard it from inventory. */
export interface StockLevel {
  stock: number;
  version: number;
}

export interface CacheSettings {
  productTtlSeconds: number;
  listTtlSeconds: number;
  /** How long this process trusts its copy of the generations before reading them again. */
  generationRefreshMs: number;
}

const KEYS = {
  /** Bumped when product content (price, name...) changes: every cached listing and search is stale. */
  catalogGeneration: 'catalog:gen',
  /** Bumped when a product goes in or out of stock: cached searches (in-stock filter, availability facet) are stale. */
  availabilityGeneration: 'catalog:avail-gen',
  /** productId -> "stock:version": the freshest stock of each product, overlaid on every cached answer. */
  stock: 'catalog:stock',
  product: (id: string) => `catalog:product:${id}`,
};

/**
 * Cache-aside in Redis for the catalog's hot reads, and the stock overlay that keeps them truthful.
 *
 * - Product documents are cached per id; listing pages and search answers per query, under the current
 *   generations, so bumping a generation retires them all at once without scanning keys.
 * - Stock is never trusted from a cached answer: every answer is overlaid with the `catalog:stock` hash,
 *   which the stock.changed consumer writes within milliseconds of the event. A cached page therefore
 *   never says "in stock" for a product that ran out; only which products a filtered search returns
 *   depends on the availability generation.
 * - Every operation fails soft: Redis down or slow means a miss (counted, and logged at most once a
 *   minute), and the caller reads the store. The client must fail fast (no offline queue).
 */
export function createCatalogCache({ redis, metrics, logger, settings }: { redis: RedisClient; metrics: Metrics; logger: Logger; settings: CacheSettings }) {
  let generations: { value: string; readAt: number } | undefined;
  let lastWarning = 0;
  // Invalidations Redis could not take (it was down): replayed as soon as it is back, so a price changed
  // during the outage is not served from a cache entry that survived it (Redis keeps its data on disk).
  const owed = { catalog: false, availability: false, products: new Set<string>() };
  let wasDown = false;
  const reconnectListeners: Array<() => void> = [];
  for (const lost of ['error', 'close']) {
    redis.on(lost, () => {
      wasDown = true;
    });
  }
  redis.on('ready', () => {
    if (!wasDown) return;
    wasDown = false;
    void replayOwed();
    for (const listener of reconnectListeners) listener();
  });

  async function replayOwed(): Promise<void> {
    try {
      if (owed.catalog) await redis.incr(KEYS.catalogGeneration);
      if (owed.availability) await redis.incr(KEYS.availabilityGeneration);
      if (owed.products.size > 0) await redis.del(...[...owed.products].map(KEYS.product));
      owed.catalog = false;
      owed.availability = false;
      owed.products.clear();
      generations = undefined;
      logger.info('catalog cache invalidations owed during the Redis outage are done');
    } catch (error) {
      failed('set', 'generation', error);
    }
  }

  function failed(operation: string, cache: CacheName | 'stock' | 'generation', error: unknown): undefined {
    metrics.increment('ecommerce.cache.errors', 1, { cache_type: 'redis', cache, operation });
    if (Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      logger.warn({ err: error, cache, operation }, 'catalog cache unavailable; reading from the store');
    }
    return undefined;
  }

  /** Hits and misses of one lookup: the metrics, and the span tags of the request that asked. */
  function record(cache: CacheName, hits: number, misses: number): void {
    if (hits > 0) metrics.increment('ecommerce.cache.hit', hits, { cache_type: 'redis', cache });
    if (misses > 0) metrics.increment('ecommerce.cache.miss', misses, { cache_type: 'redis', cache });
    // Strings, not a boolean: dd-trace would record a boolean as a numeric metric, not a facet.
    // `cache.hit` is true only when everything asked for was in the cache.
    tracer.scope().active()?.addTags({ 'cache.name': cache, 'cache.hit': misses === 0 ? 'true' : 'false' });
  }

  /** "<catalog generation>.<availability generation>", read from Redis at most every generationRefreshMs. */
  async function currentGenerations(): Promise<string | undefined> {
    if (generations && Date.now() - generations.readAt < settings.generationRefreshMs) return generations.value;
    try {
      const [catalog, availability] = await redis.mget(KEYS.catalogGeneration, KEYS.availabilityGeneration);
      generations = { value: `${catalog ?? '0'}.${availability ?? '0'}`, readAt: Date.now() };
      return generations.value;
    } catch (error) {
      return failed('get', 'generation', error);
    }
  }

  async function readJson<T>(cache: CacheName, key: string): Promise<T | undefined> {
    try {
      const raw = await redis.get(key);
      record(cache, raw === null ? 0 : 1, raw === null ? 1 : 0);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (error) {
      record(cache, 0, 1);
      return failed('get', cache, error);
    }
  }

  async function writeJson(cache: CacheName, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    try {
      await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    } catch (error) {
      failed('set', cache, error);
    }
  }

  const queryKey = (kind: 'list' | 'search', generation: string, query: object) =>
    `catalog:${kind}:${generation}:${createHash('sha1').update(JSON.stringify(query)).digest('base64url')}`;

  return {
    /** Called after Redis comes back from an outage (the catalog reconciles stock then). */
    onReconnect(listener: () => void): void {
      reconnectListeners.push(listener);
    },

    /**
     * A cached answer for a listing or search query, or undefined (miss, or Redis unavailable). `key`
     * names the answer including its generation: loads shared between requests are keyed by it, so a
     * request after a change never gets an answer loaded before it.
     */
    async getQuery<T>(cache: 'product_list' | 'search', query: object): Promise<{ value?: T; key: string; store(value: T): Promise<void> }> {
      const generation = await currentGenerations();
      if (generation === undefined) {
        record(cache, 0, 1);
        return { key: queryKey(cache === 'search' ? 'search' : 'list', 'uncached', query), store: async () => undefined };
      }
      // Listings ignore availability (their pages do not depend on it): keyed by the catalog generation only.
      const key = queryKey(cache === 'search' ? 'search' : 'list', cache === 'search' ? generation : generation.split('.')[0]!, query);
      const value = await readJson<T>(cache, key);
      return { value, key, store: (fresh) => writeJson(cache, key, fresh, settings.listTtlSeconds) };
    },

    /** Cached product documents by id (misses are absent from the map). */
    async getProducts<T>(ids: string[]): Promise<Map<string, T>> {
      const found = new Map<string, T>();
      if (ids.length === 0) return found;
      try {
        const raws = await redis.mget(...ids.map(KEYS.product));
        raws.forEach((raw, index) => {
          if (raw !== null) found.set(ids[index]!, JSON.parse(raw) as T);
        });
        record('product', found.size, ids.length - found.size);
      } catch (error) {
        record('product', 0, ids.length);
        failed('get', 'product', error);
      }
      return found;
    },

    async storeProducts(products: Array<{ id: string }>): Promise<void> {
      if (products.length === 0) return;
      try {
        const pipeline = redis.pipeline();
        for (const product of products) pipeline.set(KEYS.product(product.id), JSON.stringify(product), 'EX', settings.productTtlSeconds);
        await pipeline.exec();
      } catch (error) {
        failed('set', 'product', error);
      }
    },

    /** The freshest known stock of these products (absent when unknown or Redis is unavailable). */
    async stockLevels(ids: string[]): Promise<Map<string, StockLevel>> {
      const levels = new Map<string, StockLevel>();
      if (ids.length === 0) return levels;
      try {
        const raws = await redis.hmget(KEYS.stock, ...ids);
        raws.forEach((raw, index) => {
          const [stock, version] = (raw ?? '').split(':').map(Number);
          if (raw !== null && Number.isInteger(stock) && Number.isInteger(version)) levels.set(ids[index]!, { stock: stock!, version: version! });
        });
      } catch (error) {
        failed('get', 'stock', error);
      }
      return levels;
    },

    /**
     * Records new stock levels in the overlay. A level only replaces an older version (a Lua check, so two
     * instances applying events out of order cannot roll it back). Throws when Redis fails: the caller's
     * event is then retried, since cached answers would otherwise keep the old stock.
     */
    async storeStockLevels(levels: Array<{ productId: string } & StockLevel>): Promise<void> {
      if (levels.length === 0) return;
      const pipeline = redis.pipeline();
      for (const level of levels) pipeline.eval(STORE_IF_NEWER, 1, KEYS.stock, level.productId, `${level.stock}:${level.version}`, level.version);
      const results = await pipeline.exec();
      const error = results?.find(([failure]) => failure)?.[0];
      if (error) throw error;
    },

    /**
     * Retires every cached listing and search (product content changed). Never throws: with Redis down the
     * bump is owed and done when it is back (nothing is served from the cache meanwhile).
     */
    async bumpCatalog(): Promise<void> {
      generations = undefined;
      await redis.incr(KEYS.catalogGeneration).catch((error: unknown) => {
        owed.catalog = true;
        failed('set', 'generation', error);
      });
    },

    /** Retires every cached search (a product went in or out of stock). Owed like bumpCatalog on failure. */
    async bumpAvailability(): Promise<void> {
      generations = undefined;
      await redis.incr(KEYS.availabilityGeneration).catch((error: unknown) => {
        owed.availability = true;
        failed('set', 'generation', error);
      });
    },

    /**
     * Drops a product's cached document, and again two seconds later: a reader that fetched the old
     * document just before the change could otherwise store it back right after the first delete.
     * Owed like a bump when Redis is down.
     */
    async forgetProduct(id: string): Promise<void> {
      await redis.del(KEYS.product(id)).catch((error: unknown) => {
        owed.products.add(id);
        failed('set', 'product', error);
      });
      setTimeout(() => void redis.del(KEYS.product(id)).catch(() => owed.products.add(id)), 2_000).unref();
    },
  };
}

/** HSET field only if the stored version is lower (or absent). */
const STORE_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local version = tonumber(string.match(current, ':(%d+)$'))
  if version and version >= tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

export type CatalogCache = ReturnType<typeof createCatalogCache>;
