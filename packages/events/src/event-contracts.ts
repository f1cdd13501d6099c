import { z } from 'zod';
import { shipmentStatus, shippingAddress, shippingMethod } from '@shopfast/contracts';

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

const email = z.email().max(254);
const money = z.number().finite().nonnegative();
const userId = z.string().min(1).max(100);

/** order.placed (order -> shipping, notification): a confirmed, paid order. */
export const orderPlacedData = z.object({
  orderId: z.uuid(),
  userId,
  email,
  customerName: z.string().min(1).max(200),
  items: z
    .array(z.object({ productId: z.string(), sku: z.string().max(100), name: z.string().max(300), quantity: z.number().int().positive(), unitPrice: money }))
    .min(1)
    .max(200),
  total: money,
  currency: z.string().regex(/^[A-Z]{3}$/),
  shippingMethod,
  shippingAddress,
});
export type OrderPlacedData = z.infer<typeof orderPlacedData>;

export { shipmentStatus };
export type ShipmentStatus = z.infer<typeof shipmentStatus>;

/** shipment.updated (shipping -> notification): a shipment's status changed. */
export const shipmentUpdatedData = z.object({
  orderId: z.uuid(),
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
  sku: z.string().min(1).max(64),
  productId: z.string().regex(/^p-\d{4,6}$/),
  /** Units that can be ordered now. */
  available: z.number().int().min(0),
  /** Units held for open checkouts. */
  reserved: z.number().int().min(0),
  version: z.number().int().min(0),
  /** What changed it. */
  reason: z.enum(STOCK_CHANGE_REASONS),
});
export type StockChangedData = z.infer<typeof stockChangedData>;
