import { z } from 'zod';
import { currency, email, orderId, orderItem, productId, shipmentStatus, shippingAddress, shippingMethod, sku } from '@shopfast/contracts';

/**
 * The streams and event payloads ShopFast services exchange (docs/architecture/service-contracts.md).
 * Producers build payloads with these types; consumers parse `data` with these schemas at their edge
 * (data that does not fit can never succeed: dead-letter it).
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

// Field rules are the API contract's (@shopfast/contracts): an event carries the same values the API
// accepts, so a consumer never refuses what a producer was allowed to take in.
const money = z.number().finite().nonnegative();
const userId = z.string().min(1).max(100);

/**
 * A line of order.placed: the order line's fields a consumer uses (shipping packs by SKU, notification
 * lists name, quantity and price), bounded because a consumer reads them from a shared stream. The SKU is
 * inventory's (the order reserved stock by it). productId stays a plain string: no consumer reads it.
 */
const orderPlacedItem = orderItem.pick({ productId: true, sku: true, name: true, quantity: true, unitPrice: true }).extend({
  sku,
  name: z.string().max(300),
  quantity: z.number().int().positive(),
  unitPrice: money,
});

/** order.placed (order -> shipping, notification): a confirmed, paid order. */
export const orderPlacedData = z.object({
  orderId,
  userId,
  email,
  customerName: z.string().min(1).max(200),
  items: z.array(orderPlacedItem).min(1).max(200),
  total: money,
  currency,
  shippingMethod,
  shippingAddress,
});
export type OrderPlacedData = z.infer<typeof orderPlacedData>;

export { shipmentStatus };
export type ShipmentStatus = z.infer<typeof shipmentStatus>;

/** shipment.updated (shipping -> notification): a shipment's status changed. */
export const shipmentUpdatedData = z.object({
  orderId,
  userId,
  email,
  status: shipmentStatus,
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
});
export type ShipmentUpdatedData = z.infer<typeof shipmentUpdatedData>;

export const STOCK_CHANGE_REASONS = ['reserve', 'undo', 'commit', 'release', 'expire', 'cancel', 'restock', 'admin_set'] as const;

/**
 * stock.changed (inventory -> catalog): a SKU's stock after a change, the whole level rather than a delta.
 * `version` grows with every change of that SKU: a consumer keeps the highest it has seen, so a late or
 * repeated event never rolls the level back. The event id is derived from (sku, version).
 */
export const stockChangedData = z.object({
  sku,
  productId,
  /** Units that can be ordered now. */
  available: z.number().int().min(0),
  /** Units held for open checkouts. */
  reserved: z.number().int().min(0),
  version: z.number().int().min(0),
  /** What changed it. */
  reason: z.enum(STOCK_CHANGE_REASONS),
});
export type StockChangedData = z.infer<typeof stockChangedData>;
