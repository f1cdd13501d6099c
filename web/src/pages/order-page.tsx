import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { shopApi } from '../api/shop-api';
import { Money } from '../components/money';
import { RequireUser } from '../components/require-user';
import { ShipmentTracker } from '../components/shipment-status';
import { ErrorMessage, Loading } from '../components/status-views';
import { useApi } from '../hooks/use-api';
import { useMilestone, usePageTitle } from '../hooks/use-page';
import { useAuth } from '../state/auth-context';

export function OrderPage() {
  return (
    <RequireUser what="this order">
      <OrderDetail />
    </RequireUser>
  );
}

export const statusLabel = (status: string): string =>
  ({ confirmed: 'Confirmed', pending: 'Processing', payment_failed: 'Payment failed', out_of_stock: 'Out of stock', failed: 'Failed', refund_pending: 'Failed · refund on its way', refunded: 'Failed · refunded' })[status] ?? status;

function OrderDetail() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const placed = params.get('placed') === '1';
  const { token } = useAuth();
  const order = useApi(token ? `order:${id}` : null, (signal) => shopApi.order(token as string, id, signal));
  usePageTitle(placed ? 'Order confirmed' : 'Order details');
  useMilestone('order_confirmation_shown', placed && Boolean(order.data));

  // Shipments move on a timer: refresh the page's data every 10 s while it is not delivered.
  const shipmentStatus = order.data?.shipment?.status;
  const { reload } = order;
  useEffect(() => {
    if (!order.data || shipmentStatus === 'delivered' || order.data.status !== 'confirmed') return;
    const timer = setInterval(reload, 10_000);
    return () => clearInterval(timer);
  }, [order.data, shipmentStatus, reload]);

  if (order.loading && !order.data) return <Loading label="Loading your order…" />;
  if (order.error) return <ErrorMessage message={order.error} onRetry={order.reload} title="We could not load this order" />;
  const o = order.data;
  if (!o) return null;

  return (
    <div className="order-page">
      {placed && (
        <section className="confirmation" aria-labelledby="confirmation-heading">
          <div className="confirmation__check" aria-hidden="true">
            ✓
          </div>
          <div>
            <h1 id="confirmation-heading">Thank you! Your order is confirmed.</h1>
            <p>
              Order <span className="mono">#{o.id.slice(0, 8).toUpperCase()}</span> · we sent a confirmation e-mail with the details.
            </p>
          </div>
        </section>
      )}
      {!placed && <h1>Order #{o.id.slice(0, 8).toUpperCase()}</h1>}
      <div className="order-layout">
        <section className="panel" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <ul className="order-items">
            {o.items.map((item) => (
              <li key={item.productId}>
                <Link to={`/products/${item.productId}`}>{item.name}</Link>
                <span className="muted">× {item.quantity}</span>
                <Money amount={item.lineTotal} currency={o.currency} />
              </li>
            ))}
          </ul>
          <dl className="totals">
            <div>
              <dt>Subtotal</dt>
              <dd>
                <Money amount={o.subtotal} currency={o.currency} />
              </dd>
            </div>
            <div>
              <dt>Shipping ({o.shippingMethod})</dt>
              <dd>
                <Money amount={o.shippingCost} currency={o.currency} />
              </dd>
            </div>
            <div className="totals__grand">
              <dt>Total</dt>
              <dd>
                <Money amount={o.total} currency={o.currency} />
              </dd>
            </div>
          </dl>
        </section>
        <section className="panel" aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">Delivery</h2>
          <p>
            <span className={`badge badge--${o.status}`}>{statusLabel(o.status)}</span>
          </p>
          <address>
            {o.shippingAddress.name}
            <br />
            {o.shippingAddress.line1}
            <br />
            {o.shippingAddress.postalCode} {o.shippingAddress.city}, {o.shippingAddress.country}
          </address>
          {o.status === 'confirmed' && <ShipmentTracker shipment={o.shipment} />}
          {o.payment && (
            <p className="muted small">
              Paid with {o.payment.brand} ending in {o.payment.last4}
            </p>
          )}
        </section>
      </div>
      <div className="button-row">
        <Link className="button button--secondary" to="/orders">
          All orders
        </Link>
        <Link className="button" to="/">
          Continue shopping
        </Link>
      </div>
    </div>
  );
}
