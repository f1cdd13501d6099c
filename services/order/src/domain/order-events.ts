import { randomUUID } from 'node:crypto';
import type { OrderItem, ShippingAddress, ShippingMethod } from '@shopfast/contracts';
import { EVENT_TYPES, STREAMS, type OrderPlacedData } from '@shopfast/events';
import type { Customer } from '../clients/user-client';
import type { OutboxEvent } from '../model/outbox';

/** The stream order.placed goes to (STREAMS.orders in @shopfast/events). */
export const ORDERS_STREAM = STREAMS.orders;

/** An outbox event whose data is order.placed's contract. */
export type OrderPlacedEvent = OutboxEvent & { type: typeof EVENT_TYPES.orderPlaced; data: OrderPlacedData };

/** `order.placed` as @shopfast/events defines it (OrderPlacedData): what shipping and notification parse. */
export function orderPlacedEvent(input: {
  orderId: string;
  customer: Customer;
  input: { userId: string; shippingMethod: ShippingMethod; shippingAddress: ShippingAddress };
  priced: { items: OrderItem[]; total: number; currency: string };
  trace: Record<string, string>;
}): OrderPlacedEvent {
  const data: OrderPlacedData = {
    orderId: input.orderId,
    userId: input.input.userId,
    email: input.customer.email,
    customerName: input.customer.name,
    items: input.priced.items.map(({ productId, sku, name, quantity, unitPrice }) => ({ productId, sku, name, quantity, unitPrice })),
    total: input.priced.total,
    currency: input.priced.currency,
    shippingMethod: input.input.shippingMethod,
    shippingAddress: input.input.shippingAddress,
  };
  return { id: randomUUID(), stream: STREAMS.orders, type: EVENT_TYPES.orderPlaced, trace: input.trace, data };
}
