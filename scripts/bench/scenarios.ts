// What `npm run bench` measures: the shop's hot read paths through the gateway, the way the
// storefront calls them. Each scenario is one autocannon run; requests rotate over a realistic set
// (several listing pages, many products, a few searches) so a cache cannot win on one key alone.

export interface BenchContext {
  /** Bearer token of a customer whose cart holds several products (for the cart read). */
  customerToken: string;
  /** Product ids of the catalog, to spread detail reads over. */
  productIds: string[];
  categories: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Paths (with query) requested round-robin. */
  paths(context: BenchContext): string[];
  headers?(context: BenchContext): Record<string, string>;
}

const SEARCHES = ['wireless headphones', 'running shoes', 'coffee', 'desk lamp', 'yoga mat'];

export const SCENARIOS: Scenario[] = [
  {
    name: 'listing',
    description: 'GET /api/products?limit=20, pages 1-5',
    paths: () => [1, 2, 3, 4, 5].map((page) => `/api/products?limit=20&page=${page}`),
  },
  {
    name: 'category listing',
    description: 'GET /api/products?category=…&limit=20, every category',
    paths: (context) => context.categories.map((category) => `/api/products?category=${encodeURIComponent(category)}&limit=20`),
  },
  {
    name: 'product detail',
    description: 'GET /api/products/:id over 100 products',
    paths: (context) => context.productIds.slice(0, 100).map((id) => `/api/products/${id}`),
  },
  {
    name: 'search',
    description: `GET /api/search?q=… (${SEARCHES.length} queries)`,
    paths: () => SEARCHES.map((q) => `/api/search?q=${encodeURIComponent(q)}`),
  },
  {
    name: 'search, no results',
    description: 'GET /api/search?q=zzqxv',
    paths: () => ['/api/search?q=zzqxv'],
  },
  {
    name: 'cart read',
    description: 'GET /api/cart, 4 lines, one customer',
    paths: () => ['/api/cart'],
    headers: (context) => ({ authorization: `Bearer ${context.customerToken}` }),
  },
];
