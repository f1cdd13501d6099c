import { Link } from 'react-router';
import { shopApi } from '../api/shop-api';
import type { Order } from '../api/types';
import { Money } from '../components/money';
import { RequireUser } from '../components/require-user';
import { shipmentLabel } from '../components/shipment-status';
import { EmptyState, ErrorMessage, Loading } from '../components/status-views';
import { useApi } from '../hooks/use-api';
import { usePageTitle } from '../hooks/use-page';
import { useAuth } from '../state/auth-context';
import { statusLabel } from './order-page';

export function OrdersPage() {
  usePageTitle('Your orders');
  return (
    <RequireUser what="your orders">
      <OrderList />
    </RequireUser>
  );
}

function OrderList() {
  const { token } = useAuth();
  const orders = useApi(token ? 'orders' : null, (signal) => shopApi.orders(token as string, { limit: 20 }, signal));
  if (orders.loading && !orders.data) return <Loading label="Loading your orders…" />;
  if (orders.error) return <ErrorMessage message={orders.error} onRetry={orders.reload} title="We could not load your orders" />;
  if (!orders.data || orders.data.items.length === 0) {
    return (
      <EmptyState title="No orders yet">
        <p>When you place an order, you can follow its delivery here.</p>
        <Link className="button" to="/">
          Start shopping
        </Link>
      </EmptyState>
    );
  }
  return (
    <div className="orders-page">
      <h1>Your orders</h1>
      <ul className="order-list">
        {orders.data.items.map((order) => (
          <OrderRow key={order.id} order={order} />
        ))}
      </ul>
    </div>
  );
}

/** The list has no shipment data: each confirmed order asks for its own (the order read includes it). */
function OrderRow({ order }: { order: Order }) {
  const { token } = useAuth();
  const detail = useApi(token && order.status === 'confirmed' ? `order:${order.id}` : null, (signal) => shopApi.order(token as string, order.id, signal));
  const shipment = detail.data?.shipment;
  const items = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <li className="order-row">
      <div>
        <Link to={`/orders/${order.id}`} className="order-row__id">
          Order #{order.id.slice(0, 8).toUpperCase()}
        </Link>
        <p className="muted small">
          {new Date(order.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium' })} · {items} item{items === 1 ? '' : 's'}
        </p>
      </div>
      <span className={`badge badge--${order.status}`}>{statusLabel(order.status)}</span>
      <span className="order-row__shipment">
        {order.status !== 'confirmed' ? '—' : detail.loading ? 'Checking delivery…' : detail.error ? 'Delivery status unavailable' : shipment ? shipmentLabel(shipment.status) : 'Preparing shipment'}
      </span>
      <Money amount={order.total} currency={order.currency} />
    </li>
  );
}
