/** A catalog product as the public API returns it. */
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

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
