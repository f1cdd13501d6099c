import { z } from 'zod';
import { pageOf, pageQuery } from './common';

/** Below this many units the storefront says "Only N left". */
export const LOW_STOCK_THRESHOLD = 5;

/** The catalog's categories (GET /api/products?category=). */
export const PRODUCT_CATEGORIES = ['electronics', 'books', 'home', 'kitchen', 'sports', 'toys', 'beauty', 'garden'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** A product id: `p-` and 4 to 6 digits. The catalog, the cart and the storefront all check it this way. */
export const productId = z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001');

export const product = z
  .object({
    id: z.string().meta({ description: 'p- and 4 to 6 digits (p-0001).' }),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    price: z.number().meta({ description: 'Major currency units with two decimals (19.99).' }),
    currency: z.string().meta({ description: 'ISO 4217 code (USD).' }),
    category: z.string(),
    brand: z.string(),
    imageUrl: z.string(),
    rating: z.number().meta({ description: 'Average review score, 1.0 to 5.0.' }),
    stock: z
      .number()
      .int()
      .nullable()
      .meta({
        description:
          'Units that can be ordered now, as the inventory service last reported them (kept within about a second by its stock.changed events). null only before the catalog has heard from inventory once.',
      }),
    available: z.boolean().meta({ description: 'Whether the product can be ordered now: false once its stock is 0.' }),
  })
  .meta({ id: 'Product', description: 'A catalog product (GET /api/products/:id, and every list and search result).' });
export type Product = z.infer<typeof product>;

export const productPage = pageOf(product).meta({ id: 'ProductPage', description: 'GET /api/products: one page of the catalog.' });

export const facetBucket = z.object({ value: z.string(), count: z.number().int() }).meta({ id: 'FacetBucket', description: 'One value of a search facet and how many results have it.' });
export type FacetBucket = z.infer<typeof facetBucket>;

export const searchResult = pageOf(product)
  .extend({
    facets: z.object({
      category: z.array(facetBucket),
      brand: z.array(facetBucket),
      price: z.array(facetBucket).meta({ description: 'Ranges: 0-25, 25-50, 50-100, 100-250, 250+.' }),
      availability: z.array(facetBucket).meta({ description: 'Values in_stock and out_of_stock.' }),
    }),
  })
  .meta({ id: 'SearchResult', description: 'GET /api/search: a page of matching products with facet counts.' });
export type SearchResult = z.infer<typeof searchResult>;

export const searchSuggestions = z.object({ suggestions: z.array(z.string()) }).meta({ id: 'SearchSuggestions', description: 'GET /api/search/suggest: product names completing the prefix.' });
export type SearchSuggestions = z.infer<typeof searchSuggestions>;

/** GET /products query. Unknown parameters are an error, not ignored: `category[$ne]=x` style injection gets a 400. */
export const productListQuery = pageQuery({ maxPage: 10_000, maxLimit: 100, defaultLimit: 20 })
  .extend({
    category: z.enum(PRODUCT_CATEGORIES, { error: `must be one of ${PRODUCT_CATEGORIES.join(', ')}` }).optional(),
  })
  .strict();
export type ProductListQuery = z.infer<typeof productListQuery>;

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'rating_desc', 'name_asc'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** GET /search query. */
export const searchQuery = z
  .object({
    q: z.string().trim().max(200, 'at most 200 characters').optional(),
    category: z.string().trim().max(50).optional(),
    brand: z.string().trim().max(50).optional(),
    minPrice: z.coerce.number().min(0).optional(),
    maxPrice: z.coerce.number().min(0).optional(),
    // Only `true` filters; anything else but `false` is an error rather than silently "all products".
    inStock: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true').optional(),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    page: z.coerce.number().int().min(1).max(500).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  // Elasticsearch refuses to page past 10,000 results (index.max_result_window): a 400 here, not its 500.
  .refine((query) => query.page * query.limit <= 10_000, { message: 'page x limit must be at most 10000', path: ['page'] })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: 'minPrice must not be greater than maxPrice',
    path: ['minPrice'],
  });
export type SearchQuery = z.infer<typeof searchQuery>;

/** GET /search/suggest query. */
export const suggestQuery = z.object({ q: z.string().trim().min(1, 'is required').max(50, 'at most 50 characters') }).strict();

export const productParams = z.object({ id: productId });

/** GET /products/batch?ids=p-0001,p-0002 (internal: what the cart prices its lines with, in one call). */
export const productBatchQuery = z
  .object({
    ids: z
      .string()
      .transform((value) => value.split(',').map((id) => id.trim()))
      .pipe(z.array(productId).min(1, 'at least one id').max(100, 'at most 100 ids')),
  })
  .strict();

/** GET /products/batch answer: the products found (ids the catalog does not know are absent). */
export const productBatch = z.object({ items: z.array(product) }).meta({ id: 'ProductBatch', description: 'Internal: the products of GET /products/batch; unknown ids are absent.' });
export type ProductBatch = z.infer<typeof productBatch>;

/** PATCH /api/admin/products/:id body (administrators); answered with the Product. */
export const setProductPriceBody = z
  .object({ price: z.number({ error: 'must be a number' }).positive('must be > 0').max(1_000_000, 'must be <= 1000000').multipleOf(0.01, 'at most two decimals') })
  .strict()
  .meta({ id: 'SetProductPrice', description: "PATCH /api/admin/products/:id: the product's new price (administrators)." });
export type SetProductPriceBody = z.infer<typeof setProductPriceBody>;
