import type { ElasticsearchClient } from '@shopfast/stores';
import type { Product, SearchQuery, SearchResult, SearchSort } from '@shopfast/contracts';

const PRICE_RANGES = [
  { key: '0-25', to: 25 },
  { key: '25-50', from: 25, to: 50 },
  { key: '50-100', from: 50, to: 100 },
  { key: '100-250', from: 100, to: 250 },
  { key: '250+', from: 250 },
];

/**
 * Mapping limited to what Elasticsearch's core modules offer, because the local stack runs the
 * integ-test distribution (no analysis-common, no mapper-extras): standard analyzer, keyword
 * sub-fields for facets and sorting, and a completion field for type-ahead.
 */
const MAPPINGS = {
  properties: {
    id: { type: 'keyword' },
    sku: { type: 'keyword' },
    name: { type: 'text', fields: { raw: { type: 'keyword' } } },
    description: { type: 'text' },
    price: { type: 'double' },
    currency: { type: 'keyword' },
    category: { type: 'keyword' },
    brand: { type: 'keyword' },
    imageUrl: { type: 'keyword', index: false },
    rating: { type: 'float' },
    stock: { type: 'integer' },
    available: { type: 'boolean' },
    suggest: { type: 'completion' },
  },
} as const;

const SORTS: Record<SearchSort, Array<Record<string, 'asc' | 'desc'>>> = {
  relevance: [{ _score: 'desc' }, { id: 'asc' }],
  price_asc: [{ price: 'asc' }, { id: 'asc' }],
  price_desc: [{ price: 'desc' }, { id: 'asc' }],
  rating_desc: [{ rating: 'desc' }, { id: 'asc' }],
  name_asc: [{ 'name.raw': 'asc' }],
};

/** Full-text search over the catalog. Kept in step with MongoDB by the catalog domain. */
export function createSearchIndex(client: ElasticsearchClient, index: string) {
  return {
    async ensureIndex(): Promise<void> {
      const exists = await client.indices.exists({ index });
      if (!exists) {
        await client.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: MAPPINGS });
        return;
      }
      // An index from an earlier version gets the fields added since (adding a field is always allowed).
      await client.indices.putMapping({ index, properties: MAPPINGS.properties as never });
    },

    async count(): Promise<number> {
      await client.indices.refresh({ index });
      return (await client.count({ index })).count;
    },

    /** Replaces the whole index content with `products` (used at start-up and by the reindex command). */
    async indexAll(products: Product[]): Promise<void> {
      const operations = products.flatMap((product) => [{ index: { _index: index, _id: product.id } }, toSearchDocument(product)]);
      for (let offset = 0; offset < operations.length; offset += 1_000) {
        const response = await client.bulk({ operations: operations.slice(offset, offset + 1_000), refresh: false });
        if (response.errors) {
          const firstError = response.items.find((item) => item.index?.error)?.index?.error;
          throw new Error(`bulk indexing failed: ${firstError?.reason ?? 'unknown reason'}`);
        }
      }
      await client.indices.refresh({ index });
    },

    /**
     * Writes new stock levels into the indexed documents. `visibleBeforeReturn` refreshes the index at once
     * (tens of milliseconds on this small index), for changes a search filter depends on (availability
     * flips): searches started after this returns see them. Waiting for the scheduled refresh instead
     * (`wait_for`, up to a second) would hold the event consumer a second per flip.
     */
    async updateStock(levels: Array<{ productId: string; stock: number }>, options: { visibleBeforeReturn: boolean }): Promise<void> {
      if (levels.length === 0) return;
      const operations = levels.flatMap((level) => [{ update: { _index: index, _id: level.productId } }, { doc: { stock: level.stock, available: level.stock > 0 } }]);
      const response = await client.bulk({ operations, refresh: options.visibleBeforeReturn });
      const failure = response.items.find((item) => item.update?.error && item.update.status !== 404)?.update?.error;
      if (failure) throw new Error(`updating stock in the search index failed: ${failure.reason ?? failure.type}`);
    },

    /**
     * A new price in the indexed document, and nothing else: its stock is the stock consumer's to write
     * (a whole-document re-index could put back a level older than one it just wrote). Searches started
     * after this returns see it.
     */
    /** Makes every write so far visible to searches (after a batch written without refreshing). */
    async refresh(): Promise<void> {
      await client.indices.refresh({ index });
    },

    async updatePrice(productId: string, price: number): Promise<void> {
      await client.update({ index, id: productId, doc: { price }, refresh: true });
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const filters: object[] = [];
      if (query.inStock) filters.push({ term: { available: true } });
      if (query.category) filters.push({ term: { category: query.category } });
      if (query.brand) filters.push({ term: { brand: query.brand } });
      if (query.minPrice !== undefined || query.maxPrice !== undefined) {
        filters.push({ range: { price: { ...(query.minPrice !== undefined ? { gte: query.minPrice } : {}), ...(query.maxPrice !== undefined ? { lte: query.maxPrice } : {}) } } });
      }
      const must = query.q
        ? [{ multi_match: { query: query.q, fields: ['name^3', 'brand^2', 'category^2', 'description'], fuzziness: 'AUTO', operator: 'and' as const } }]
        : [{ match_all: {} }];
      const response = await client.search<Omit<Product, never>>({
        index,
        from: (query.page - 1) * query.limit,
        size: query.limit,
        track_total_hits: true,
        query: { bool: { must, filter: filters } },
        sort: SORTS[query.sort] as never,
        _source: { excludes: ['suggest'] },
        aggs: {
          category: { terms: { field: 'category', size: 20 } },
          brand: { terms: { field: 'brand', size: 30 } },
          price: { range: { field: 'price', ranges: PRICE_RANGES } },
          availability: { terms: { field: 'available', size: 2 } },
        },
      });
      const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
      const aggregations = response.aggregations as Record<string, { buckets: Array<{ key: string; doc_count: number }> }> | undefined;
      const buckets = (name: string) =>
        (aggregations?.[name]?.buckets ?? []).map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }));
      // A boolean terms aggregation answers keys 1/0 (key_as_string "true"/"false").
      const availability = ((aggregations?.availability?.buckets ?? []) as Array<{ key: number | string; key_as_string?: string; doc_count: number }>).map((bucket) => ({
        value: (bucket.key_as_string ?? String(bucket.key)) === 'true' || bucket.key === 1 ? 'in_stock' : 'out_of_stock',
        count: bucket.doc_count,
      }));
      return {
        items: response.hits.hits.map((hit) => hit._source as Product),
        total,
        page: query.page,
        limit: query.limit,
        facets: { category: buckets('category'), brand: buckets('brand'), price: buckets('price'), availability },
      };
    },

    async suggest(prefix: string, size = 8): Promise<string[]> {
      const response = await client.search({
        index,
        _source: false,
        suggest: { names: { prefix, completion: { field: 'suggest', size, skip_duplicates: true, fuzzy: { fuzziness: 'AUTO' } } } },
      });
      const options = (response.suggest?.names?.[0]?.options ?? []) as Array<{ text: string }>;
      return options.map((option) => option.text);
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

function toSearchDocument(product: Product) {
  // Suggest on the full name and on the name without the brand, so "head" finds "Voltra ... Headphones".
  const withoutBrand = product.name.slice(product.brand.length + 1);
  const { stockVersion: _version, ...indexed } = product as Product & { stockVersion?: number };
  return { ...indexed, suggest: { input: [product.name, withoutBrand, product.brand] } };
}
