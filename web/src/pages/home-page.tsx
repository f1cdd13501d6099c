import { Link } from 'react-router';
import { shopApi } from '../api/shop-api';
import { CATEGORIES } from '../app/categories';
import { ProductCard } from '../components/product-card';
import { ErrorMessage, ProductGridSkeleton } from '../components/status-views';
import { useApi } from '../hooks/use-api';
import { useMilestone, usePageTitle } from '../hooks/use-page';

export function HomePage() {
  usePageTitle('');
  const topRated = useApi('top-rated', (signal) => shopApi.search({ sort: 'rating_desc', limit: 8 }, signal));
  const counts = new Map(topRated.data?.facets.category.map((bucket) => [bucket.value, bucket.count]));
  useMilestone('home_products_shown', Boolean(topRated.data));

  return (
    <div className="home">
      <section className="hero">
        <div className="hero__text">
          <p className="eyebrow">Spring collection</p>
          <h1>Everything for home, work and play — delivered fast.</h1>
          <p>Free standard shipping on orders over $50 and free returns within 30 days.</p>
          <div className="button-row">
            <Link to="/search?sort=rating_desc" className="button button--large">
              Shop best sellers
            </Link>
            <Link to="/search?category=electronics" className="button button--large button--ghost">
              Explore electronics
            </Link>
          </div>
        </div>
        <div className="hero__art" aria-hidden="true">
          <div className="hero__bubble hero__bubble--a" />
          <div className="hero__bubble hero__bubble--b" />
          <div className="hero__bubble hero__bubble--c" />
        </div>
      </section>

      <section aria-labelledby="categories-heading" className="section">
        <div className="section__header">
          <h2 id="categories-heading">Shop by category</h2>
        </div>
        <ul className="category-grid">
          {CATEGORIES.map((category) => (
            <li key={category.id}>
              <Link to={`/search?category=${category.id}`} className="category-tile" style={{ ['--tile' as string]: category.color }}>
                <span className="category-tile__name">{category.label}</span>
                <span className="category-tile__blurb">{category.blurb}</span>
                {counts.get(category.id) !== undefined && <span className="category-tile__count">{counts.get(category.id)} products</span>}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="top-heading" className="section">
        <div className="section__header">
          <h2 id="top-heading">Top rated right now</h2>
          <Link to="/search?sort=rating_desc">See all</Link>
        </div>
        {topRated.loading && !topRated.data && <ProductGridSkeleton />}
        {topRated.error && <ErrorMessage message={topRated.error} onRetry={topRated.reload} title="We could not load our top picks" />}
        {topRated.data && (
          <ul className="product-grid">
            {topRated.data.items.map((product) => (
              <ProductCard key={product.id} product={product} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
