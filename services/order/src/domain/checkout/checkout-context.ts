import type { CheckoutPayment, OrderItem, ShippingAddress, ShippingMethod } from '@shopfast/contracts';
import type { Customer } from '../../clients/user-client';
import type { OutboxEvent } from '../../model/outbox';

export interface CheckoutInput {
  userId: string;
  idempotencyKey?: string;
  requestId?: string;
  shippingAddress: ShippingAddress;
  shippingMethod: ShippingMethod;
  payment: CheckoutPayment;
}

/** The cart and shipping, priced: what the order records before anything is reserved or charged. */
export interface PricedOrder {
  items: OrderItem[];
  currency: string;
  itemCount: number;
  subtotal: number;
  shippingCost: number;
  total: number;
}

/** What the steps share while one checkout runs. Each step reads what earlier ones left. */
export interface CheckoutContext {
  orderId: string;
  input: CheckoutInput;
  customer: Customer;
  priced: PricedOrder;
  /** Set by charge-card. */
  charge?: { chargeId: string; brand: string; last4: string };
  /** Set by confirm-order: the order.placed event it queued. */
  placedEvent?: OutboxEvent;
}
