import type { Shipment, ShippingAddress, ShippingMethod } from './shipping';

/**
 * pending -> confirmed | payment_failed | out_of_stock | failed | refund_pending -> refunded | failed.
 * `refund_pending`: the checkout failed after the card may have been charged; the money is on its way
 * back (or being checked in the payment ledger). `refunded`: it was charged and the refund went through.
 * `failed`: nothing was charged (checked in the ledger when a charge was attempted).
 */
export type OrderStatus = 'pending' | 'confirmed' | 'payment_failed' | 'out_of_stock' | 'failed' | 'refund_pending' | 'refunded';

export interface OrderItem {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

/** GET /api/orders/:id (with `shipment`) and the items of GET /api/orders. */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  shippingCost: number;
  total: number;
  shippingMethod: ShippingMethod;
  shippingAddress: ShippingAddress;
  items: OrderItem[];
  payment: { brand: string; last4: string } | null;
  failureCode: string | null;
  createdAt: string;
  shipment?: Shipment | null;
}

/** POST /api/checkout body. */
export interface CheckoutRequest {
  shippingAddress: ShippingAddress;
  shippingMethod: ShippingMethod;
  payment: { cardNumber: string; expMonth: number; expYear: number; cvc: string };
}

/** POST /api/checkout answer (201). */
export interface CheckoutResult {
  orderId: string;
  status: 'confirmed';
  total: number;
  currency: string;
  items: OrderItem[];
}
