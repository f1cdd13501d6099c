import { useId } from 'react';
import { Link } from 'react-router';
import type { CartItem } from '../api/types';
import { ExpressShippingBanner } from '../components/express-banner';
import { Money } from '../components/money';
import { RequireUser } from '../components/require-user';
import { EmptyState, ErrorMessage, Loading } from '../components/status-views';
import { cannotFulfil, orderableUnits, stockLevel, stockWarning } from '../components/stock-level';
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
  const blockedId = useId();
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

  // The checkout would answer 409 out_of_stock for these: say so here, before the customer types a card.
  const blocked = items.filter(cannotFulfil);

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
            const soldOut = stockLevel(item).kind === 'out_of_stock';
            return (
              <li key={item.productId} className={`cart-line${pending ? ' is-pending' : ''}${cannotFulfil(item) ? ' cart-line--unfulfillable' : ''}`}>
                <img src={item.imageUrl} alt="" width={96} height={96} />
                <div className="cart-line__info">
                  <Link to={`/products/${item.productId}`} className="cart-line__name">
                    {item.name}
                  </Link>
                  <span className="cart-line__unit">
                    <Money amount={item.unitPrice} currency={item.currency} /> each
                  </span>
                  <LineStock item={item} />
                  <button type="button" className="link-button" onClick={() => void cart.remove(item.productId)} disabled={pending}>
                    Remove<span className="visually-hidden"> {item.name}</span>
                  </button>
                </div>
                <label className="cart-line__quantity">
                  <span className="visually-hidden">Quantity of {item.name}</span>
                  <select value={item.quantity} disabled={pending || soldOut} onChange={(event) => void cart.setQuantity(item.productId, Number(event.target.value))}>
                    {/* No more than are left, but the current quantity stays on the list so it can be lowered. */}
                    {Array.from({ length: Math.max(orderableUnits(item), item.quantity) }, (_, i) => i + 1).map((n) => (
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
          {blocked.length > 0 ? (
            <>
              <p id={blockedId} className="summary__blocked">
                {blockedReason(blocked)}
              </p>
              <button type="button" className="button button--large button--block" disabled aria-describedby={blockedId}>
                Proceed to checkout
              </button>
            </>
          ) : (
            <Link to="/checkout" className="button button--large button--block">
              Proceed to checkout
            </Link>
          )}
          <Link to="/search" className="summary__continue">
            Continue shopping
          </Link>
        </aside>
      </div>
    </div>
  );
}

/** What a line's stock means for this order, in words; nothing when it can be ordered as it is. */
function LineStock({ item }: { item: CartItem }) {
  const level = stockLevel(item);
  if (level.kind === 'out_of_stock') {
    return <p className="cart-line__stock out-of-stock">Out of stock: remove it to check out.</p>;
  }
  // More in the cart than are left says "Only N left" even when N is not low (8 wanted, 6 left).
  const left = item.stock !== null && item.quantity > item.stock ? `Only ${item.stock} left` : stockWarning(level);
  if (!left) return null;
  const tooMany = cannotFulfil(item);
  return (
    <p className={`cart-line__stock ${tooMany ? 'out-of-stock' : 'low-stock'}`}>
      {left}
      {tooMany && ': lower the quantity to check out.'}
    </p>
  );
}

/** "To check out, remove Lamp (out of stock) and lower Mug to 2.": each fix named, none to guess. */
function blockedReason(lines: CartItem[]): string {
  const fixes = lines.map((line) =>
    stockLevel(line).kind === 'out_of_stock' ? `remove ${line.name} (out of stock)` : `lower ${line.name} to ${line.stock}`,
  );
  return `Some items cannot be ordered as they are. To check out, ${new Intl.ListFormat('en', { type: 'conjunction' }).format(fixes)}.`;
}
