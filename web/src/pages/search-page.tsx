import { useEffect, useId, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { shopApi } from '../api/shop-api';
import type { FacetBucket } from '../api/types';
import { titleCase } from '../components/money';
import { ProductCard } from '../components/product-card';
import { EmptyState, ErrorMessage, ProductGridSkeleton } from '../components/status-views';
import { useApi } from '../hooks/use-api';
import { useMilestone, usePageTitle } from '../hooks/use-page';
import { telemetry } from '../telemetry/rum';
import { PAGE_SIZE, priceLabel, readFilters, SORTS, toSearchParams, withFilter, type Filters } from './search-filters';

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const key = JSON.stringify(filters);
  const result = useApi(key, (signal) => shopApi.search(toSearchParams(filters), signal));
  const heading = filters.q ? `Results for “${filters.q}”` : filters.category ? titleCase(filters.category) : 'All products';
  usePageTitle(heading);
  useMilestone('search_results_shown', Boolean(result.data));

  // One `search` action per distinct query + filters, once its results are on screen.
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (!result.data || result.loading || reported.current === key) return;
    reported.current = key;
    telemetry.action('search', {
      query: filters.q,
      results_count: result.data.total,
      category: filters.category || null,
      brand: filters.brand || null,
      price_range: filters.price || null,
      sort: filters.sort || 'relevance',
      page: filters.page,
    });
  }, [result.data, result.loading, key, filters.q, filters.category, filters.brand, filters.price, filters.sort, filters.page]);

  const set = (name: keyof Filters, value: string) => setParams(withFilter(params, name, value));
  const active = (['category', 'brand', 'price'] as const).filter((name) => filters[name]);
  const anyFilter = active.length > 0 || filters.inStock;
  const pages = result.data ? Math.max(1, Math.ceil(result.data.total / PAGE_SIZE)) : 1;

  return (
    <div className="search-page">
      <div className="search-page__header">
        <h1>{heading}</h1>
        <div className="search-page__tools">
          {result.data && (
            <p className="result-count" aria-live="polite">
              {result.data.total} {result.data.total === 1 ? 'product' : 'products'}
            </p>
          )}
          <label className="sort">
            <span>Sort by</span>
            <select value={filters.sort || 'relevance'} onChange={(event) => set('sort', event.target.value === 'relevance' ? '' : event.target.value)}>
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {sort.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      {anyFilter && (
        <ul className="chips" aria-label="Active filters">
          {active.map((name) => (
            <li key={name}>
              <button type="button" className="chip" onClick={() => set(name, '')} aria-label={`Remove filter ${name}: ${filters[name]}`}>
                {name === 'price' ? priceLabel(filters.price) : titleCase(filters[name])} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          {filters.inStock && (
            <li>
              <button type="button" className="chip" onClick={() => set('inStock', '')} aria-label="Remove filter: in stock only">
                In stock only <span aria-hidden="true">×</span>
              </button>
            </li>
          )}
          <li>
            <button type="button" className="link-button" onClick={() => setParams(filters.q ? { q: filters.q } : {})}>
              Clear all
            </button>
          </li>
        </ul>
      )}

      <div className="search-layout">
        <aside className="facets" aria-label="Filters">
          <FacetGroup title="Category" name="category" buckets={result.data?.facets.category} selected={filters.category} onSelect={set} format={titleCase} />
          <FacetGroup title="Price" name="price" buckets={result.data?.facets.price} selected={filters.price} onSelect={set} format={priceLabel} />
          <AvailabilityFilter buckets={result.data?.facets.availability} checked={filters.inStock} onChange={(inStock) => set('inStock', inStock ? 'true' : '')} />
          <FacetGroup title="Brand" name="brand" buckets={result.data?.facets.brand} selected={filters.brand} onSelect={set} format={(v) => v} />
        </aside>

        <section className="results" aria-label="Results" aria-busy={result.loading}>
          {result.loading && !result.data && <ProductGridSkeleton count={8} />}
          {result.error && <ErrorMessage message={result.error} onRetry={result.reload} title="Search is not answering" />}
          {result.data && result.data.items.length === 0 && (
            <EmptyState title="No products match">
              <p>Try fewer filters or another word. Spelling mistakes are fine: we search fuzzily.</p>
            </EmptyState>
          )}
          {result.data && result.data.items.length > 0 && (
            <>
              <ul className={`product-grid${result.loading ? ' is-refreshing' : ''}`}>
                {result.data.items.map((product) => (
                  <ProductCard key={product.id} product={product} />
                ))}
              </ul>
              {pages > 1 && (
                <nav className="pagination" aria-label="Pages">
                  <button type="button" className="button button--secondary" disabled={filters.page <= 1} onClick={() => set('page', String(filters.page - 1))}>
                    Previous
                  </button>
                  <span>
                    Page {filters.page} of {pages}
                  </span>
                  <button type="button" className="button button--secondary" disabled={filters.page >= pages} onClick={() => set('page', String(filters.page + 1))}>
                    Next
                  </button>
                </nav>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function FacetGroup(props: {
  title: string;
  name: 'category' | 'brand' | 'price';
  buckets: FacetBucket[] | undefined;
  selected: string;
  onSelect(name: keyof Filters, value: string): void;
  format(value: string): string;
}) {
  const id = useId();
  const buckets = (props.buckets ?? []).filter((bucket) => bucket.count > 0 || bucket.value === props.selected);
  return (
    <fieldset className="facet" aria-describedby={buckets.length === 0 ? `${id}-none` : undefined}>
      <legend>{props.title}</legend>
      {buckets.length === 0 && (
        <p id={`${id}-none`} className="facet__none">
          {props.buckets ? 'Nothing to narrow down' : '…'}
        </p>
      )}
      {buckets.map((bucket) => {
        const checked = bucket.value === props.selected;
        return (
          <label key={bucket.value} className={`facet__option${checked ? ' is-checked' : ''}`}>
            <input
              type="checkbox"
              name={props.name}
              checked={checked}
              onChange={() => props.onSelect(props.name, checked ? '' : bucket.value)}
            />
            <span className="facet__label">{props.format(bucket.value)}</span>
            <span className="facet__count">{bucket.count}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

/**
 * One checkbox rather than a list like the other facets: the API can narrow to products in stock
 * (`inStock=true`) but not to sold-out ones, so the out-of-stock count is only said, not offered.
 */
function AvailabilityFilter(props: { buckets: FacetBucket[] | undefined; checked: boolean; onChange(inStock: boolean): void }) {
  // The API leaves out a bucket with nothing in it (no out_of_stock bucket once inStock=true).
  const count = (value: 'in_stock' | 'out_of_stock') => (props.buckets ? (props.buckets.find((bucket) => bucket.value === value)?.count ?? 0) : undefined);
  const inStock = count('in_stock');
  const outOfStock = count('out_of_stock');
  return (
    <fieldset className="facet">
      <legend>Availability</legend>
      <label className={`facet__option${props.checked ? ' is-checked' : ''}`}>
        <input type="checkbox" name="inStock" checked={props.checked} onChange={() => props.onChange(!props.checked)} />
        <span className="facet__label">In stock only</span>
        {inStock !== undefined && <span className="facet__count">{inStock}</span>}
      </label>
      {outOfStock !== undefined && outOfStock > 0 && <p className="facet__note">{outOfStock} out of stock</p>}
    </fieldset>
  );
}
