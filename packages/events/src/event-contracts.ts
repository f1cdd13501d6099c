/**
 * The streams and event payloads ShopFast services exchange (docs/architecture/service-contracts.md).
 * Types only describe what producers send; consumers still validate `data` at their edge.
 */
export const STREAMS = {
  orders: 'shopfast.orders',
  shipments: 'shopfast.shipments',
  inventory: 'shopfast.inventory',
} as const;

export const EVENT_TYPES = {
  orderPlaced: 'order.placed',
  shipmentUpdated: 'shipment.updated',
  stockChanged: 'stock.changed',
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

/**
 * A SKU's stock after a change (inventory -> catalog), the whole level rather than a delta. `version`
 * grows with every change of that SKU: a consumer keeps the highest it has seen, so a late or repeated
 * event never rolls the level back. The event id is derived from (sku, version).
 */
export interface StockChangedData {
  sku: string;
  productId: string;
  /** Units that can be ordered now. */
  available: number;
  /** Units held for open checkouts. */
  reserved: number;
  version: number;
  /** What changed it. */
  reason: 'reserve' | 'undo' | 'commit' | 'release' | 'expire' | 'cancel' | 'restock' | 'admin_set';
}
