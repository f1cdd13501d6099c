/** A catalog product (GET /api/products/:id, and every list and search result). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  /** Major currency units with two decimals (19.99). */
  price: number;
  currency: string;
  category: string;
  brand: string;
  imageUrl: string;
  /** Average review score, 1.0 to 5.0. */
  rating: number;
  /**
   * Units that can be ordered now, as the inventory service last reported them (kept within about a
   * second by its stock.changed events). null only before the catalog has heard from inventory once.
   */
  stock: number | null;
  /** Whether the product can be ordered now: false once its stock is 0. */
  available: boolean;
}

/** Below this many units the storefront says "Only N left". */
export const LOW_STOCK_THRESHOLD = 5;

/** One page of a list: GET /api/products, GET /api/orders. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface FacetBucket {
  value: string;
  count: number;
}

/** GET /api/search. The availability facet's values are `in_stock` and `out_of_stock`. */
export interface SearchResult extends Page<Product> {
  facets: { category: FacetBucket[]; brand: FacetBucket[]; price: FacetBucket[]; availability: FacetBucket[] };
}
