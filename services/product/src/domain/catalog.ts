import type { Logger, Metrics } from '@shopfast/service-kit';
import { notFound } from '@shopfast/service-kit';
import type { ProductStore, ListQuery } from '../store/product-store';
import type { SearchResult } from '@shopfast/contracts';
import type { SearchIndex, SearchQuery } from '../store/search-index';
import { generateCatalog } from './catalog-seed';
import type { Page, Product } from './product';

export interface CatalogDeps {
  store: ProductStore;
  search: SearchIndex;
  logger: Logger;
  metrics: Metrics;
}

/** Catalog rules: MongoDB is the source of truth; the search index is derived from it. */
export function createCatalog({ store, search, logger, metrics }: CatalogDeps) {
  return {
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

    list: (query: ListQuery): Promise<Page<Product>> => store.list(query),

    async get(id: string): Promise<Product> {
      const product = await store.findById(id);
      if (!product) throw notFound(`Product ${id} does not exist`, 'product_not_found', { id });
      return product;
    },

    /**
     * Full-text search. Counts every search (`ecommerce.search.performed`) and the ones that found nothing
     * at all (`ecommerce.search.no_results`): the catalog gaps worth a look. Tags stay bounded: flags and
     * the sort enum, never the query text.
     */
    async search(query: SearchQuery): Promise<SearchResult> {
      const result = await search.search(query);
      const hasFilters = Boolean(query.category || query.brand || query.minPrice !== undefined || query.maxPrice !== undefined);
      metrics.increment('ecommerce.search.performed', 1, { has_query: Boolean(query.q), sort: query.sort });
      if (result.total === 0) metrics.increment('ecommerce.search.no_results', 1, { has_filters: hasFilters });
      return result;
    },

    suggest: (prefix: string): Promise<string[]> => search.suggest(prefix),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
