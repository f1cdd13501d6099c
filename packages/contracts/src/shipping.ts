import { z } from 'zod';
import { orderId } from './common';

export const SHIPPING_METHODS = ['standard', 'express'] as const;
export const shippingMethod = z.enum(SHIPPING_METHODS).meta({ id: 'ShippingMethod', description: 'standard (cheaper, slower) or express.' });
export type ShippingMethod = z.infer<typeof shippingMethod>;

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);

/**
 * Where an order goes (checkout body, the order, order.placed). Trimmed; the country is upper-cased
 * before it is checked, so "gb" is GB. A postal code needs a letter or digit ("---" is no address).
 * The quote request reuses postalCode and country, so a quote and a checkout accept the same places.
 */
export const shippingAddress = z
  .object({
    name: text(100),
    line1: text(200),
    city: text(100),
    postalCode: z
      .string()
      .trim()
      .regex(/^(?=.*[A-Za-z0-9])[A-Za-z0-9 -]{1,16}$/, 'letters, digits, spaces and dashes (at least one letter or digit), at most 16'),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code')),
  })
  .strict()
  .meta({ id: 'ShippingAddress', description: 'Where an order is shipped. country: ISO 3166-1 alpha-2 (US, GB, DE...).' });
export type ShippingAddress = z.infer<typeof shippingAddress>;

/** POST /api/shipping/quotes body: the address's own country and postal code rules, and a weight. */
export const shippingQuoteRequest = z
  .object({
    country: shippingAddress.shape.country,
    postalCode: shippingAddress.shape.postalCode,
    weightKg: z.number({ error: 'must be a number' }).positive('must be > 0').max(1000, 'must be at most 1000'),
  })
  .strict()
  .meta({ id: 'ShippingQuoteRequest', description: 'POST /api/shipping/quotes: where a parcel of this weight goes.' });
export type ShippingQuoteRequest = z.infer<typeof shippingQuoteRequest>;

export const shippingQuote = z
  .object({
    method: shippingMethod,
    amount: z.number().meta({ description: 'Major currency units with two decimals.' }),
    currency: z.string(),
    estimatedDays: z.number().int(),
  })
  .meta({ id: 'ShippingQuote', description: 'The price and delivery time of one shipping method.' });
export type ShippingQuote = z.infer<typeof shippingQuote>;

export const shippingQuotes = z
  .object({ quotes: z.array(shippingQuote) })
  .meta({ id: 'ShippingQuotes', description: 'POST /api/shipping/quotes answer: one quote per method.' });
export type ShippingQuotes = z.infer<typeof shippingQuotes>;

/** label_created -> in_transit -> delivered. */
export const shipmentStatus = z.enum(['label_created', 'in_transit', 'delivered']).meta({ id: 'ShipmentStatus', description: 'label_created -> in_transit -> delivered.' });
export type ShipmentStatus = z.infer<typeof shipmentStatus>;

export const shipment = z
  .object({
    orderId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    status: shipmentStatus,
    history: z.array(z.object({ status: shipmentStatus, at: z.string().meta({ description: 'ISO 8601.' }) })),
  })
  .meta({ id: 'Shipment', description: 'The shipment of an order (internal GET /shipments/:orderId, and `shipment` on GET /api/orders/:id).' });
export type Shipment = z.infer<typeof shipment>;

export const shipmentParams = z.object({ orderId });
