export type ShippingMethod = 'standard' | 'express';

/** One answer of POST /api/shipping/quotes. */
export interface ShippingQuote {
  method: ShippingMethod;
  amount: number;
  currency: string;
  estimatedDays: number;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The shipment of an order (GET /shipments/:orderId, and `shipment` on GET /api/orders/:id). */
export interface Shipment {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  history: Array<{ status: string; at: string }>;
}
