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
  /** Whether the product can be ordered at all (stock levels live in the inventory service). */
  available: boolean;
}

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

/** GET /api/search. */
export interface SearchResult extends Page<Product> {
  facets: { category: FacetBucket[]; brand: FacetBucket[]; price: FacetBucket[] };
}
