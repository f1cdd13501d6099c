/**
 * The streams and event payloads ShopFast services exchange (docs/architecture/service-contracts.md).
 * Types only describe what producers send; consumers still validate `data` at their edge.
 */
export const STREAMS = {
  orders: 'shopfast.orders',
  shipments: 'shopfast.shipments',
} as const;

export const EVENT_TYPES = {
  orderPlaced: 'order.placed',
  shipmentUpdated: 'shipment.updated',
} as const;

/** Where an entry goes once it has failed too often, so it can be inspected and replayed by hand. */
export const deadLetterStream = (stream: string): string => `${stream}.dead`;

export interface OrderPlacedData {
  orderId: string;
  userId: string;
  email: string;
  customerName: string;
  items: { productId: string; sku: string; name: string; quantity: number; unitPrice: number }[];
  total: number;
  currency: string;
  shippingMethod: 'standard' | 'express';
  shippingAddress: { name: string; line1: string; city: string; postalCode: string; country: string };
}

export type ShipmentStatus = 'label_created' | 'in_transit' | 'delivered';

export interface ShipmentUpdatedData {
  orderId: string;
  userId: string;
  email: string;
  status: ShipmentStatus;
  carrier: string;
  trackingNumber: string;
}
