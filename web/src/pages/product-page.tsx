import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { shopApi } from '../api/shop-api';
import { Money, Rating, titleCase } from '../components/money';
import { orderableUnits, stockLevel, type StockLevel } from '../components/stock-level';
import { EmptyState, ErrorMessage, Loading } from '../components/status-views';
import { InjectedFaultError, useFaultFlag } from '../flags/fault-flags';
import { useApi } from '../hooks/use-api';
import { useMilestone, usePageTitle } from '../hooks/use-page';
import { useAuth } from '../state/auth-context';
import { useCart } from '../state/cart-context';

export function ProductPage() {
  const { id = '' } = useParams();
  const product = useApi(`product:${id}`, (signal) => shopApi.product(id, signal));
  const { user } = useAuth();
  const cart = useCart();
  const navigate = useNavigate();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  usePageTitle(product.data?.name ?? 'Product');
  useMilestone('product_detail_shown', Boolean(product.data));
  useInjectedJsError(product.data?.id);

  if (product.loading && !product.data) return <Loading label="Loading product…" />;
  if (product.error) {
    const missing = product.error && /not found/i.test(product.error);
    return missing ? (
      <EmptyState title="This product is no longer available">
        <Link to="/search">Browse the catalog</Link>
      </EmptyState>
    ) : (
      <ErrorMessage message={product.error} onRetry={product.reload} />
    );
  }
  const item = product.data;
  if (!item) return null;
  const pending = cart.pending.includes(item.id);
  const level = stockLevel(item);
  const orderable = orderableUnits(item);
  // The stock can drop below a quantity chosen earlier (after a re-fetch): offer what is left.
  const chosen = Math.max(1, Math.min(quantity, orderable));

  const addToCart = async () => {
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(`/products/${item.id}`)}&reason=cart`);
      return;
    }
    setAdded(null);
    const outcome = await cart.add(item, chosen);
    if (outcome === 'added') setAdded(chosen);
    // It sold out (or fewer are left) since this page loaded: the API's message says so, and the
    // product is read again so the stock line, the selector and the button show what is true now.
    if (outcome === 'out_of_stock') product.reload();
  };

  return (
    <article className="product-detail">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/">Home</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/search?category=${item.category}`}>{titleCase(item.category)}</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{item.name}</span>
      </nav>
      <div className="product-detail__grid">
        <img src={item.imageUrl} alt={item.name} className="product-detail__image" width={400} height={400} />
        <div className="product-detail__info">
          <Link to={`/search?brand=${encodeURIComponent(item.brand)}`} className="product-detail__brand">
            {item.brand}
          </Link>
          <h1>{item.name}</h1>
          <Rating value={item.rating} />
          <p className="product-detail__price">
            <Money amount={item.price} currency={item.currency} />
          </p>
          <p className="product-detail__stock">
            <StockLine level={level} />
          </p>
          <p className="product-detail__description">{item.description}</p>
          <div className="add-to-cart">
            <label>
              <span>Quantity</span>
              <select value={chosen} onChange={(event) => setQuantity(Number(event.target.value))} disabled={orderable === 0}>
                {Array.from({ length: Math.max(1, orderable) }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button--large" onClick={addToCart} disabled={orderable === 0 || pending}>
              {pending ? 'Adding…' : 'Add to cart'}
            </button>
          </div>
          <div aria-live="polite">
            {added !== null && (
              <p className="notice notice--success">
                Added {added} to your cart. <Link to="/cart">View cart</Link>
              </p>
            )}
            {cart.error && !pending && <p className="notice notice--error">{cart.error}</p>}
          </div>
          <p className="product-detail__sku">SKU {item.sku}</p>
        </div>
      </div>
    </article>
  );
}

/** In words (the colour only repeats them), so a screen reader hears exactly what a sighted shopper sees. */
function StockLine({ level }: { level: StockLevel }) {
  if (level.kind === 'out_of_stock') return <span className="out-of-stock">Out of stock</span>;
  if (level.kind === 'low') return <span className="low-stock">Only {level.left} left · ships in 1–2 days</span>;
  return <span className="in-stock">In stock · ships in 1–2 days</span>;
}

/**
 * The productPageJsError fault (docs/faults.md): once the product is shown, an uncaught error is thrown from a
 * timer, outside React's rendering, as a buggy third-party widget would. RUM records it as an error of the
 * view (source: source) and the page stays fully usable.
 */
function useInjectedJsError(productId: string | undefined): void {
  const broken = useFaultFlag('productPageJsError', false);
  useEffect(() => {
    if (!broken || !productId) return;
    const timer = setTimeout(() => {
      throw new InjectedFaultError(`productPageJsError: injected fault on product ${productId} (switch it off with npm run faults -- clear productPageJsError)`);
    }, 0);
    return () => clearTimeout(timer);
  }, [broken, productId]);
}
