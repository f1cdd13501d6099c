import { randomUUID } from 'node:crypto';
import type { Customer } from '../clients/user-client';
import type { OutboxEvent } from '../store/order-store';
import type { OrderItem, ShippingAddress, ShippingMethod } from './order';

export const ORDERS_STREAM = 'shopfast.orders';

/** `order.placed` as docs/architecture/service-contracts.md defines it. */
export function orderPlacedEvent(input: {
  orderId: string;
  customer: Customer;
  input: { userId: string; shippingMethod: ShippingMethod; shippingAddress: ShippingAddress };
  priced: { items: OrderItem[]; total: number; currency: string };
  trace: Record<string, string>;
}): OutboxEvent {
  return {
    id: randomUUID(),
    stream: ORDERS_STREAM,
    type: 'order.placed',
    trace: input.trace,
    data: {
      orderId: input.orderId,
      userId: input.input.userId,
      email: input.customer.email,
      customerName: input.customer.name,
      items: input.priced.items.map(({ productId, sku, name, quantity, unitPrice }) => ({ productId, sku, name, quantity, unitPrice })),
      total: input.priced.total,
      currency: input.priced.currency,
      shippingMethod: input.input.shippingMethod,
      shippingAddress: input.input.shippingAddress,
    },
  };
}
