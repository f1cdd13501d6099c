// The search page's state lives in the URL (?q=&category=&brand=&price=&inStock=&sort=&page=) so results
// can be shared, bookmarked and navigated with the back button.
import type { SearchParams } from '../api/shop-api';
import type { SearchSort } from '../api/types';

export const PAGE_SIZE = 24;

export const SORTS = [
  { value: 'relevance', label: 'Best match' },
  { value: 'rating_desc', label: 'Top rated' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'name_asc', label: 'Name: A to Z' },
] as const satisfies ReadonlyArray<{ value: SearchSort; label: string }>;

export interface Filters {
  q: string;
  category: string;
  brand: string;
  price: string;
  /** Only products in stock now: `inStock=true` in the URL, as the API spells it. */
  inStock: boolean;
  /** A SearchSort, or '' for the default (relevance). */
  sort: SearchSort | '';
  page: number;
}

export function readFilters(params: URLSearchParams): Filters {
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q')?.trim() ?? '',
    category: params.get('category') ?? '',
    brand: params.get('brand') ?? '',
    price: params.get('price') ?? '',
    inStock: params.get('inStock') === 'true',
    sort: SORTS.some((s) => s.value === params.get('sort')) ? (params.get('sort') as SearchSort) : '',
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/** "25-50" → 25..50, "250+" → 250.. ; anything else → no price filter. */
export function priceRange(bucket: string): { minPrice?: number; maxPrice?: number } {
  const between = /^(\d+)-(\d+)$/.exec(bucket);
  if (between) return { minPrice: Number(between[1]), maxPrice: Number(between[2]) };
  const above = /^(\d+)\+$/.exec(bucket);
  if (above) return { minPrice: Number(above[1]) };
  return {};
}

export function priceLabel(bucket: string): string {
  const between = /^(\d+)-(\d+)$/.exec(bucket);
  if (between) return `$${between[1]} – $${between[2]}`;
  const above = /^(\d+)\+$/.exec(bucket);
  if (above) return `$${above[1]} and up`;
  return bucket;
}

export function toSearchParams(filters: Filters): SearchParams {
  return {
    q: filters.q || undefined,
    category: filters.category || undefined,
    brand: filters.brand || undefined,
    ...priceRange(filters.price),
    inStock: filters.inStock || undefined,
    sort: filters.sort || undefined,
    page: filters.page,
    limit: PAGE_SIZE,
  };
}

/** A copy of the URL params with one filter changed (and the page reset, since results change). */
export function withFilter(params: URLSearchParams, key: keyof Filters, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== 'page') next.delete('page');
  return next;
}
