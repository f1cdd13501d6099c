import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultFlags } from '@shopfast/feature-flags';
import type { Logger, Metrics } from '@shopfast/service-kit';
import { AppError, notFound } from '@shopfast/service-kit';
import type { Page, Product, SearchQuery, SearchResult } from '@shopfast/contracts';
import type { StoredProduct } from '../model/product';
import type { CatalogCache } from '../store/catalog-cache';
import type { ListQuery, ProductStore, StockUpdate, StockUpdateResult } from '../store/product-store';
import type { SearchIndex } from '../store/search-index';
import { generateCatalog } from './catalog-seed';
import { toPublicProduct } from './product';
import { createSingleFlight } from './single-flight';
import { createWriteQueue } from './write-queue';

export interface CatalogDeps {
  store: ProductStore;
  search: SearchIndex;
  cache: CatalogCache;
  logger: Logger;
  metrics: Metrics;
  /** How long a process keeps a listing total before counting again (counting scans the collection). */
  totalsTtlMs?: number;
  /** The fault flags (searchSlow, endpointErrorSpike); every fault off without them. */
  faults?: FaultFlags;
}

/** Where a stock level came from: a stock.changed event, or a reconciliation with inventory. */
export type StockSource = 'event' | 'reconcile';

/**
 * Products a reconciliation writes per turn of the write queue. Events and price changes go ahead of
 * waiting turns but wait for the one in progress: small turns (~0.1 s on FerretDB under load) keep a
 * burst of stock-outs within the 2 s promise while a first start catches up.
 */
const RECONCILE_TURN_SIZE = 5;

/**
 * Catalog rules: MongoDB is the source of truth; the search index and the Redis cache are derived
 * from it. Stock comes from inventory (stock.changed events, reconciliation) and is overlaid on every
 * answer from the freshest copy, so a cached page never claims stock that is gone.
 */
export function createCatalog({ store, search, cache, logger, metrics, totalsTtlMs = 60_000, faults }: CatalogDeps) {
  const totals = new Map<string, { value: number; at: number }>();
  // Concurrent misses for the same thing read the store once (see single-flight.ts).
  const loadProduct = createSingleFlight<StoredProduct | undefined>();
  const loadPage = createSingleFlight<Page<StoredProduct>>();
  const loadSearch = createSingleFlight<SearchResult>();
  // Stock writes (events, reconciliation) and price changes of this process, one at a time, events and
  // price changes ahead of waiting reconciliation turns (see write-queue.ts).
  const serially = createWriteQueue();

  /** Products of one category (or all): counted at most once a minute per process. */
  async function total(category: string | undefined): Promise<number> {
    const key = category ?? '';
    const known = totals.get(key);
    if (known && Date.now() - known.at < totalsTtlMs) return known.value;
    const value = await store.count({ category });
    totals.set(key, { value, at: Date.now() });
    return value;
  }

  /** The public products, with the newest stock known: the overlay when it is newer than the document. */
  async function withStock(products: StoredProduct[]): Promise<Product[]> {
    const levels = await cache.stockLevels(products.map((product) => product.id));
    return products.map((product) => {
      const level = levels.get(product.id);
      if (!level || level.version < (product.stockVersion ?? 0)) return toPublicProduct(product);
      return toPublicProduct({ ...product, stock: level.stock, available: level.stock > 0 });
    });
  }

  /** Products by id from the cache, the rest from the store (and then cached); unknown ids are left out. */
  async function productsById(ids: string[]): Promise<Map<string, StoredProduct>> {
    const found = await cache.getProducts<StoredProduct>(ids);
    const missing = ids.filter((id) => !found.has(id));
    const loaded = await Promise.all(
      missing.map((id) =>
        loadProduct(id, async () => {
          const [product] = await store.findByIds([id]);
          if (product) await cache.storeProducts([product]);
          return product;
        }),
      ),
    );
    for (const product of loaded) if (product) found.set(product.id, product);
    return found;
  }

  /**
   * Records stock levels and makes them visible everywhere: the store (unless older), the overlay first
   * (product pages, listings and the cart read it: correct within milliseconds), then the search index
   * (refreshed at once when availability flipped, so an in-stock search sees it) and a new availability
   * generation for cached searches. Throws if a step fails: the event is retried, and a retried version
   * runs every step again, flip or not (the first attempt may have stopped before any of them).
   */
  function applyStock(updates: StockUpdate[], source: StockSource): Promise<{ applied: number; availabilityChanged: number }> {
    return serially(async () => {
      const results = [];
      for (const update of updates) results.push(await store.applyStock(update));
      const { applied, availabilityChanged } = await publishStock(results, source);
      return { applied, availabilityChanged };
    });
  }

  /**
   * The overlay, the search index, the availability generation and the metrics, for levels just recorded.
   * `deferVisibility` (a reconciliation turn): the search index is written without a refresh and the
   * availability generation is left alone; the caller makes both visible once, after its last turn
   * (`needsRefresh` says whether it must).
   */
  async function publishStock(
    results: StockUpdateResult[],
    source: StockSource,
    options: { deferVisibility?: boolean } = {},
  ): Promise<{ applied: number; availabilityChanged: number; needsRefresh: boolean }> {
    const applied = results.filter((result) => result.applied);
    const flipped = applied.filter((result) => result.availabilityChanged);
    const refresh = applied.filter((result) => result.availabilityChanged || result.reapplied);
    if (applied.length > 0) {
      await cache.storeStockLevels(applied);
      await search.updateStock(applied, { visibleBeforeReturn: refresh.length > 0 && !options.deferVisibility });
      if (refresh.length > 0 && !options.deferVisibility) await cache.bumpAvailability();
      metrics.increment('ecommerce.catalog.stock_updates', applied.length, { source });
      if (flipped.length > 0) {
        metrics.increment('ecommerce.catalog.availability_changed', flipped.length, { source });
        logger.info({ products: flipped.map((result) => ({ id: result.productId, stock: result.stock })), source }, 'products went in or out of stock');
      }
    }
    return { applied: applied.length, availabilityChanged: flipped.length, needsRefresh: refresh.length > 0 };
  }

  /** One product with its stock; 404 product_not_found when it does not exist. */
  async function readOne(id: string): Promise<Product> {
    const product = (await productsById([id])).get(id);
    if (!product) throw notFound(`Product ${id} does not exist`, 'product_not_found', { id });
    return (await withStock([product]))[0]!;
  }

  return {
    /** How many products the catalog has (counted at most once a minute). */
    productCount: () => total(undefined),

    /** Generates the deterministic demo catalog when the collection is empty. Returns how many were inserted. */
    async seedIfEmpty(size: number): Promise<number> {
      await store.ensureIndexes();
      if ((await store.count()) > 0) return 0;
      const products = generateCatalog(size);
      await store.insertMany(products);
      logger.info({ products: products.length }, 'seeded an empty catalog');
      return products.length;
    },

    /** Rebuilds the search index from MongoDB when their sizes differ (first start, or after a crash mid-change). */
    async syncSearchIndex(options: { force?: boolean } = {}): Promise<{ reindexed: boolean; documents: number }> {
      await search.ensureIndex();
      const [inCatalog, inIndex] = await Promise.all([store.count(), search.count()]);
      if (!options.force && inCatalog === inIndex) return { reindexed: false, documents: inIndex };
      const products = await store.all();
      await search.indexAll(products);
      logger.info({ documents: products.length }, 'search index rebuilt from the catalog');
      return { reindexed: true, documents: products.length };
    },

    /**
     * Copies every product's recorded stock into the search index and the overlay. Run at start-up: a
     * previous process may have stopped between the store and those (and Redis may have been emptied).
     */
    async republishStock(): Promise<number> {
      const known = (await store.all()).filter((product) => product.stock !== null && product.stockVersion !== undefined);
      const levels = known.map((product) => ({ productId: product.id, stock: product.stock!, version: product.stockVersion! }));
      await search.updateStock(levels, { visibleBeforeReturn: true });
      // Redis down at start-up is no reason not to start: reads go to the stores, and the overlay is
      // written again by the next events and reconciliations.
      await cache.storeStockLevels(levels).catch((error: unknown) => logger.warn({ err: error }, 'stock overlay not written at start-up (Redis unavailable)'));
      await cache.bumpAvailability();
      return levels.length;
    },

    applyStock,

    /**
     * Catches up with inventory's levels (start-up, and every few minutes in case an event was lost):
     * only products whose level there is newer than the one recorded here are written.
     */
    async reconcile(levels: Array<{ productId: string; available: number; version: number }>): Promise<{ checked: number; applied: number }> {
      const known = await store.stockStates();
      const newer = levels.filter((level) => known.has(level.productId) && level.version > known.get(level.productId)!.version);
      let applied = 0;
      let needsRefresh = false;
      // A few products per turn of the write queue, not all at once: at a first start all 500 are new, and
      // one turn for all of them kept stock events and price changes waiting for many seconds. Each turn
      // is cheap (lookups by _id, no index refresh) and waits behind any event or price change.
      try {
        for (let start = 0; start < newer.length; start += RECONCILE_TURN_SIZE) {
          const turn = newer.slice(start, start + RECONCILE_TURN_SIZE);
          applied += await serially(async () => {
            // Read again inside the turn: an event may have recorded a newer level (or flipped availability) since.
            const states = await store.stockStatesOf(turn.map((level) => level.productId));
            const fresh = turn.filter((level) => states.has(level.productId) && level.version > states.get(level.productId)!.version);
            await store.applyStockMany(fresh.map((level) => ({ productId: level.productId, stock: level.available, version: level.version })));
            // Publish what the store holds now, not what was sent: an event from another instance may have
            // written a newer level in between, and the search index has no version check of its own.
            const current = await store.stockLevelsOf(fresh.map((level) => level.productId));
            const results = current.map((level) => ({ ...level, applied: true, availabilityChanged: states.get(level.productId)!.available !== level.stock > 0, reapplied: false }));
            const published = await publishStock(results, 'reconcile', { deferVisibility: true });
            needsRefresh ||= published.needsRefresh;
            return published.applied;
          }, 'background');
        }
      } finally {
        // Once for the whole reconciliation (also when a turn failed half-way): searches see the new levels,
        // then cached searches are retired.
        if (needsRefresh) {
          await serially(async () => {
            await search.refresh();
            await cache.bumpAvailability();
          }, 'background');
        }
      }
      return { checked: levels.length, applied };
    },

    async list(query: ListQuery): Promise<Page<Product>> {
      const cached = await cache.getQuery<Page<StoredProduct>>('product_list', query);
      const page =
        cached.value ??
        (await loadPage(cached.key, async () => {
          const [items, count] = await Promise.all([store.page(query), total(query.category)]);
          const fresh = { items, total: count, page: query.page, limit: query.limit };
          await cached.store(fresh);
          return fresh;
        }));
      return { ...page, items: await withStock(page.items) };
    },

    get: (id: string): Promise<Product> => readOne(id),

    /**
     * GET /products/:id, the product page's read. The endpointErrorSpike fault fails that share of these
     * reads with a 500 (through the one error path, so the request span is an error); images, batches and
     * listings read through get() and getMany() and are untouched. The message is the one a real failure
     * would give: the fault is named on the span (the flag hook's tag), never to the shopper.
     */
    async detail(id: string): Promise<Product> {
      const errorRate = faults ? await faults.number('endpointErrorSpike') : 0;
      if (errorRate > 0 && Math.random() < errorRate) {
        throw new AppError('internal_error', 'Something went wrong on our side', 500, { id });
      }
      return readOne(id);
    },

    /** Several products in one call (the cart prices all its lines at once), in the order asked; unknown ids left out. */
    async getMany(ids: string[]): Promise<Product[]> {
      const unique = [...new Set(ids)];
      const found = await productsById(unique);
      return withStock(unique.map((id) => found.get(id)).filter((product): product is StoredProduct => product !== undefined));
    },

    /**
     * Full-text search. Counts every search (`ecommerce.search.performed`) and the ones that found nothing
     * at all (`ecommerce.search.no_results`): the catalog gaps worth a look. Tags stay bounded: flags and
     * the sort enum, never the query text.
     */
    async search(query: SearchQuery): Promise<SearchResult> {
      // The searchSlow fault: every search waits, cached or not, so the whole GET /search is slow.
      const delayMs = faults ? await faults.number('searchSlow') : 0;
      if (delayMs > 0) await sleep(delayMs);
      const cached = await cache.getQuery<SearchResult>('search', query);
      const result =
        cached.value ??
        (await loadSearch(cached.key, async () => {
          const fresh = await search.search(query);
          await cached.store(fresh);
          return fresh;
        }));
      const hasFilters = Boolean(query.category || query.brand || query.minPrice !== undefined || query.maxPrice !== undefined || query.inStock);
      metrics.increment('ecommerce.search.performed', 1, { has_query: Boolean(query.q), sort: query.sort });
      if (result.total === 0) metrics.increment('ecommerce.search.no_results', 1, { has_filters: hasFilters });
      return { ...result, items: await withStock(result.items) };
    },

    suggest: (prefix: string): Promise<string[]> => search.suggest(prefix),

    /**
     * An administrator's new price: stored, written into the search document (the price only), and every
     * cached answer that showed the old one retired (owed until Redis is back if it is down).
     */
    setPrice(id: string, price: number): Promise<Product> {
      return serially(async () => {
        const product = await store.setPrice(id, price);
        if (!product) throw notFound(`Product ${id} does not exist`, 'product_not_found', { id });
        await search.updatePrice(id, price);
        await cache.forgetProduct(id);
        await cache.bumpCatalog();
        logger.info({ productId: id, price }, 'price set by an administrator');
        return (await withStock([product]))[0]!;
      });
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
