import { Link } from 'react-router';
import { ExpressShippingBanner } from '../components/express-banner';
import { Money } from '../components/money';
import { RequireUser } from '../components/require-user';
import { EmptyState, ErrorMessage, Loading } from '../components/status-views';
import { usePageTitle } from '../hooks/use-page';
import { useCart } from '../state/cart-context';

export function CartPage() {
  usePageTitle('Your cart');
  return (
    <RequireUser what="your cart">
      <CartContents />
    </RequireUser>
  );
}

function CartContents() {
  const cart = useCart();
  if (cart.status === 'loading' || cart.status === 'idle') return <Loading label="Loading your cart…" />;
  if (cart.status === 'error' || !cart.cart) {
    return <ErrorMessage message={cart.error ?? 'Your cart could not be loaded.'} onRetry={() => void cart.refresh()} title="We could not load your cart" />;
  }
  const { items, subtotal, currency, itemCount } = cart.cart;
  if (items.length === 0) {
    return (
      <EmptyState title="Your cart is empty">
        <p>Find something you love: our top-rated products are a good start.</p>
        <Link className="button" to="/search?sort=rating_desc">
          Start shopping
        </Link>
      </EmptyState>
    );
  }

  return (
    <div className="cart-page">
      <h1>Your cart</h1>
      <ExpressShippingBanner />
      {cart.error && (
        <p className="notice notice--error" role="alert">
          {cart.error}{' '}
          <button type="button" className="link-button" onClick={cart.dismissError}>
            Dismiss
          </button>
        </p>
      )}
      <div className="cart-layout">
        <ul className="cart-lines" aria-label="Items in your cart">
          {items.map((item) => {
            const pending = cart.pending.includes(item.productId);
            return (
              <li key={item.productId} className={`cart-line${pending ? ' is-pending' : ''}`}>
                <img src={item.imageUrl} alt="" width={96} height={96} />
                <div className="cart-line__info">
                  <Link to={`/products/${item.productId}`} className="cart-line__name">
                    {item.name}
                  </Link>
                  <span className="cart-line__unit">
                    <Money amount={item.unitPrice} currency={item.currency} /> each
                  </span>
                  <button type="button" className="link-button" onClick={() => void cart.remove(item.productId)} disabled={pending}>
                    Remove<span className="visually-hidden"> {item.name}</span>
                  </button>
                </div>
                <label className="cart-line__quantity">
                  <span className="visually-hidden">Quantity of {item.name}</span>
                  <select value={item.quantity} disabled={pending} onChange={(event) => void cart.setQuantity(item.productId, Number(event.target.value))}>
                    {Array.from({ length: Math.max(10, item.quantity) }, (_, i) => i + 1).map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="cart-line__total">
                  <Money amount={item.lineTotal} currency={item.currency} />
                </span>
              </li>
            );
          })}
        </ul>
        <aside className="summary" aria-label="Order summary">
          <h2>Summary</h2>
          <dl>
            <div>
              <dt>Items ({itemCount})</dt>
              <dd>
                <Money amount={subtotal} currency={currency} />
              </dd>
            </div>
            <div>
              <dt>Shipping</dt>
              <dd>Calculated at checkout</dd>
            </div>
          </dl>
          <div className="summary__total">
            <span>Subtotal</span>
            <Money amount={subtotal} currency={currency} />
          </div>
          <Link to="/checkout" className="button button--large button--block">
            Proceed to checkout
          </Link>
          <Link to="/search" className="summary__continue">
            Continue shopping
          </Link>
        </aside>
      </div>
    </div>
  );
}
