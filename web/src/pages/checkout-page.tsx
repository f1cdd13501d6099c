import { useEffect, useRef, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api/http';
import { shopApi } from '../api/shop-api';
import type { ShippingQuote } from '../api/types';
import {
  cardBrand,
  COUNTRIES,
  emptyCheckout,
  parcelWeightKg,
  toCheckoutRequest,
  validateCheckout,
  type CheckoutErrors,
  type CheckoutValues,
} from '../checkout/checkout-form';
import { ExpressShippingBanner } from '../components/express-banner';
import { Money } from '../components/money';
import { RequireUser } from '../components/require-user';
import { EmptyState, ErrorMessage, Loading } from '../components/status-views';
import { useMilestone, usePageTitle } from '../hooks/use-page';
import { useAuth } from '../state/auth-context';
import { useCart } from '../state/cart-context';
import { telemetry } from '../telemetry/rum';

export function CheckoutPage() {
  usePageTitle('Checkout');
  return (
    <RequireUser what="checkout">
      <Checkout />
    </RequireUser>
  );
}

/** What the customer should read after a failed checkout; the cart is untouched in every case. */
export function checkoutFailureMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  switch (error.code) {
    case 'payment_declined': {
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      if (reason === 'insufficient_funds') return 'Your card was declined for insufficient funds. No money was taken and your cart is saved: try another card.';
      return 'Your card was declined. No money was taken and your cart is saved: try another card or contact your bank.';
    }
    case 'out_of_stock':
      return 'Some items just sold out. Your cart is saved: please review it and try again.';
    case 'cart_empty':
      return 'Your cart is empty. Add something before checking out.';
    case 'validation_failed':
      return 'Some details were not accepted. Please check the card and address and try again.';
    default:
      return error.message;
  }
}

// randomUUID needs a secure context (https or localhost); plain-http hosts get a random fallback.
const newKey = () => (typeof crypto.randomUUID === 'function' && window.isSecureContext ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`);

function Checkout() {
  const { token } = useAuth();
  const cart = useCart();
  const navigate = useNavigate();
  const [values, setValues] = useState<CheckoutValues>(emptyCheckout);
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [quotes, setQuotes] = useState<{ state: 'idle' | 'loading' | 'ready' | 'error'; items: ShippingQuote[]; message?: string }>({ state: 'idle', items: [] });
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [previousOrders, setPreviousOrders] = useState<number | null>(null);
  // One key per attempt: a retry after a timeout is the same attempt; a new card is a new one.
  const idempotencyKey = useRef(newKey());
  const failureRef = useRef<HTMLDivElement>(null);
  const itemCount = cart.cart?.itemCount ?? 0;
  useMilestone('checkout_form_ready', cart.status === 'ready' && itemCount > 0);

  // Whether this is the customer's first order (the `customer_type` of purchase_completed).
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    shopApi.orders(token, { limit: 1 }, controller.signal).then(
      (page) => setPreviousOrders(page.total),
      () => setPreviousOrders(null),
    );
    return () => controller.abort();
  }, [token]);

  // Shipping quotes for the address as typed (debounced), weight estimated from the item count.
  const { country, postalCode } = values;
  useEffect(() => {
    if (!country || postalCode.trim().length < 3 || itemCount === 0) {
      setQuotes({ state: 'idle', items: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setQuotes((q) => ({ ...q, state: 'loading' }));
      shopApi.quotes({ country, postalCode: postalCode.trim(), weightKg: parcelWeightKg(itemCount) }, controller.signal).then(
        (result) => setQuotes({ state: 'ready', items: result.quotes }),
        (error: unknown) => {
          if (!controller.signal.aborted) setQuotes({ state: 'error', items: [], message: errorMessage(error) });
        },
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [country, postalCode, itemCount]);

  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  if (cart.status === 'loading' || cart.status === 'idle') return <Loading label="Preparing checkout…" />;
  if (cart.status === 'error' || !cart.cart) {
    return <ErrorMessage message={cart.error ?? 'Your cart could not be loaded.'} onRetry={() => void cart.refresh()} />;
  }
  if (cart.cart.items.length === 0) {
    return (
      <EmptyState title="Your cart is empty">
        <Link className="button" to="/search">
          Find something to buy
        </Link>
      </EmptyState>
    );
  }

  const selectedQuote = quotes.items.find((q) => q.method === values.shippingMethod);
  const total = cart.cart.subtotal + (selectedQuote?.amount ?? 0);
  const update = (field: keyof CheckoutValues) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token || !cart.cart) return;
    const found = validateCheckout(values);
    setErrors(found);
    setFailure(null);
    const firstInvalid = Object.keys(found)[0];
    if (firstInvalid) {
      document.getElementById(`checkout-${firstInvalid}`)?.focus();
      return;
    }
    setSubmitting(true);
    const itemsCount = cart.cart.itemCount;
    try {
      const result = await shopApi.checkout(token, toCheckoutRequest(values), idempotencyKey.current);
      telemetry.action('purchase_completed', {
        order_id: result.orderId,
        amount: result.total,
        currency: result.currency,
        items_count: itemsCount,
        payment_method: 'credit_card',
        card_brand: cardBrand(values.cardNumber),
        shipping_method: values.shippingMethod || null,
        customer_type: previousOrders === null ? 'unknown' : previousOrders === 0 ? 'new' : 'returning',
      });
      idempotencyKey.current = newKey();
      await cart.refresh(); // the order service emptied it
      navigate(`/orders/${result.orderId}?placed=1`);
    } catch (error) {
      // A timeout may still have charged: keep the key so a retry is answered from the first attempt.
      if (!(error instanceof ApiError && (error.code === 'timeout' || error.code === 'network'))) idempotencyKey.current = newKey();
      setFailure(checkoutFailureMessage(error));
      setValues((v) => ({ ...v, cvc: '' }));
      void cart.refresh();
    } finally {
      setSubmitting(false);
    }
  };

  const field = (name: keyof CheckoutValues, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className={`field${errors[name] ? ' field--invalid' : ''}`}>
      <label htmlFor={`checkout-${name}`}>{label}</label>
      <input
        id={`checkout-${name}`}
        name={name}
        value={values[name]}
        onChange={update(name)}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={errors[name] ? `checkout-${name}-error` : undefined}
        {...props}
      />
      {errors[name] && (
        <p id={`checkout-${name}-error`} className="field__error">
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <div className="checkout-page">
      <h1>Checkout</h1>
      <ExpressShippingBanner />
      <div className="checkout-layout">
        <form className="checkout-form" onSubmit={submit} noValidate aria-describedby={failure ? 'checkout-failure' : undefined}>
          {failure && (
            <div id="checkout-failure" className="notice notice--error" role="alert" tabIndex={-1} ref={failureRef}>
              {failure}
            </div>
          )}
          <fieldset>
            <legend>1. Shipping address</legend>
            {field('name', 'Full name', { autoComplete: 'name' })}
            {field('line1', 'Street address', { autoComplete: 'address-line1' })}
            <div className="field-row">
              {field('city', 'City', { autoComplete: 'address-level2' })}
              {field('postalCode', 'Postal code', { autoComplete: 'postal-code' })}
            </div>
            <div className={`field${errors.country ? ' field--invalid' : ''}`}>
              <label htmlFor="checkout-country">Country</label>
              <select id="checkout-country" value={values.country} onChange={update('country')} autoComplete="country">
                {COUNTRIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
              {errors.country && <p className="field__error">{errors.country}</p>}
            </div>
          </fieldset>

          <fieldset aria-describedby={errors.shippingMethod ? 'checkout-shippingMethod-error' : undefined}>
            <legend id="checkout-shippingMethod" tabIndex={-1}>
              2. Shipping method
            </legend>
            {quotes.state === 'idle' && <p className="muted">Enter your postal code to see shipping options.</p>}
            {quotes.state === 'loading' && <p className="muted" role="status">Getting shipping prices…</p>}
            {quotes.state === 'error' && <p className="field__error">Shipping prices are unavailable right now: {quotes.message}</p>}
            {quotes.items.map((quote) => (
              <label key={quote.method} className={`shipping-option${values.shippingMethod === quote.method ? ' is-checked' : ''}`}>
                <input type="radio" name="shippingMethod" value={quote.method} checked={values.shippingMethod === quote.method} onChange={update('shippingMethod')} />
                <span className="shipping-option__name">{quote.method === 'express' ? 'Express' : 'Standard'}</span>
                <span className="shipping-option__eta">
                  {quote.estimatedDays} business day{quote.estimatedDays === 1 ? '' : 's'}
                </span>
                <Money amount={quote.amount} currency={quote.currency} />
              </label>
            ))}
            {errors.shippingMethod && (
              <p id="checkout-shippingMethod-error" className="field__error">
                {errors.shippingMethod}
              </p>
            )}
          </fieldset>

          <fieldset>
            <legend>3. Payment</legend>
            {field('cardNumber', 'Card number', { autoComplete: 'cc-number', inputMode: 'numeric', placeholder: '1234 5678 9012 3456' })}
            <div className="field-row">
              {field('expiry', 'Expiry (MM/YY)', { autoComplete: 'cc-exp', placeholder: 'MM/YY' })}
              {field('cvc', 'Security code', { autoComplete: 'cc-csc', inputMode: 'numeric', placeholder: '123' })}
            </div>
            <p className="muted small">Payments are processed securely. We never store your full card number.</p>
          </fieldset>

          <button type="submit" className="button button--large button--block" disabled={submitting}>
            {submitting ? 'Placing your order…' : `Place order · ${new Intl.NumberFormat('en-US', { style: 'currency', currency: cart.cart.currency }).format(total)}`}
          </button>
        </form>

        <aside className="summary" aria-label="Order summary">
          <h2>Order summary</h2>
          <ul className="summary__items">
            {cart.cart.items.map((item) => (
              <li key={item.productId}>
                <img src={item.imageUrl} alt="" width={48} height={48} />
                <span className="summary__item-name">
                  {item.name} <span className="muted">× {item.quantity}</span>
                </span>
                <Money amount={item.lineTotal} currency={item.currency} />
              </li>
            ))}
          </ul>
          <dl>
            <div>
              <dt>Subtotal</dt>
              <dd>
                <Money amount={cart.cart.subtotal} currency={cart.cart.currency} />
              </dd>
            </div>
            <div>
              <dt>Shipping</dt>
              <dd>{selectedQuote ? <Money amount={selectedQuote.amount} currency={selectedQuote.currency} /> : '—'}</dd>
            </div>
          </dl>
          <div className="summary__total">
            <span>Total</span>
            <Money amount={total} currency={cart.cart.currency} />
          </div>
        </aside>
      </div>
    </div>
  );
}
