import { z } from 'zod';
import { checkoutPayment } from './card';
import { errorResponseWith, orderId, pageOf, pageQuery } from './common';
import { shipment, shippingAddress, shippingMethod } from './shipping';

/**
 * pending -> confirmed | payment_failed | out_of_stock | failed | refund_pending -> refunded | failed.
 * `refund_pending`: the checkout failed after the card may have been charged; the money is on its way
 * back (or being checked in the payment ledger). `refunded`: it was charged and the refund went through.
 * `failed`: nothing was charged (checked in the ledger when a charge was attempted).
 */
export const orderStatus = z
  .enum(['pending', 'confirmed', 'payment_failed', 'out_of_stock', 'failed', 'refund_pending', 'refunded'])
  .meta({ id: 'OrderStatus', description: 'pending -> confirmed | payment_failed | out_of_stock | failed | refund_pending -> refunded | failed.' });
export type OrderStatus = z.infer<typeof orderStatus>;

export const orderItem = z
  .object({
    productId: z.string(),
    sku: z.string(),
    name: z.string(),
    unitPrice: z.number(),
    quantity: z.number().int(),
    lineTotal: z.number(),
  })
  .meta({ id: 'OrderItem', description: 'One line of an order, at the price it was bought for.' });
export type OrderItem = z.infer<typeof orderItem>;

export const order = z
  .object({
    id: z.string(),
    userId: z.string(),
    status: orderStatus,
    currency: z.string(),
    subtotal: z.number(),
    shippingCost: z.number(),
    total: z.number(),
    shippingMethod,
    shippingAddress,
    items: z.array(orderItem),
    payment: z.object({ brand: z.string(), last4: z.string() }).nullable(),
    failureCode: z.string().nullable(),
    createdAt: z.string().meta({ description: 'ISO 8601.' }),
    shipment: shipment.nullable().optional().meta({ description: 'On GET /api/orders/:id: the shipment of a confirmed order, null when none (yet).' }),
  })
  .meta({ id: 'Order', description: 'GET /api/orders/:id (with `shipment`) and the items of GET /api/orders.' });
export type Order = z.infer<typeof order>;

export const orderPage = pageOf(order).meta({ id: 'OrderPage', description: "GET /api/orders: one page of the customer's orders, newest first." });

export const orderListQuery = pageQuery({ maxPage: 1_000, maxLimit: 50, defaultLimit: 20 }).strict();
export const orderParams = z.object({ id: orderId });

/**
 * The optional Idempotency-Key header of POST /api/checkout: a retry with the same key gets the first
 * answer instead of buying twice. The order service checks it; the gateway documents it.
 */
export const idempotencyKey = z
  .string()
  .regex(/^[\w.:-]{8,128}$/, 'must be 8 to 128 letters, digits, or . _ : -')
  .meta({ description: 'Makes a retry safe: a request repeating a key gets the first answer instead of placing a second order.' });

export const checkoutRequest = z
  .object({ shippingAddress, shippingMethod, payment: checkoutPayment })
  .strict()
  .meta({ id: 'CheckoutRequest', description: 'POST /api/checkout: buys the cart. A retry should repeat the Idempotency-Key header.' });
export type CheckoutRequest = z.infer<typeof checkoutRequest>;

export const checkoutResult = z
  .object({
    orderId: z.string(),
    status: z.literal('confirmed'),
    total: z.number(),
    currency: z.string(),
    items: z.array(orderItem),
  })
  .meta({ id: 'CheckoutResult', description: 'POST /api/checkout answer (201): the order is confirmed and paid.' });
export type CheckoutResult = z.infer<typeof checkoutResult>;

/**
 * Where the customer's money is after a failed checkout. Only `not_charged` may be told as "nothing was
 * charged", and only when no charge was attempted or the payment ledger said so.
 */
export const moneyState = z.enum(['not_charged', 'refund_pending', 'refunded']).meta({ id: 'MoneyState', description: "Where the customer's money is after a failed checkout." });
export type MoneyState = z.infer<typeof moneyState>;

/** A line that could not be reserved: what was asked for and what is left. */
export const shortItem = z
  .object({
    sku: z.string(),
    requested: z.number().int(),
    available: z.number().int(),
    productId: z.string().optional(),
    name: z.string().optional(),
  })
  .meta({ id: 'ShortItem', description: 'An item there is not enough stock for.' });
export type ShortItem = z.infer<typeof shortItem>;

/** 409 out_of_stock: nothing was reserved or charged. */
export const checkoutOutOfStock = errorResponseWith(z.object({ items: z.array(shortItem) })).meta({
  id: 'CheckoutOutOfStock',
  description: '409 out_of_stock: some items lack stock; nothing was reserved or charged.',
});
export type CheckoutOutOfStock = z.infer<typeof checkoutOutOfStock>;

/** 402 payment_declined: the bank said no; nothing was charged. */
export const checkoutDeclined = errorResponseWith(z.object({ orderId: z.string(), reason: z.string() })).meta({
  id: 'CheckoutDeclined',
  description: '402 payment_declined: the card was declined (reason card_declined, insufficient_funds or fraud_suspected).',
});
export type CheckoutDeclined = z.infer<typeof checkoutDeclined>;

/** 500 checkout_failed, 503/504 (a peer down or slow, or checkout_abandoned): the checkout could not finish and is undone; `money` says where the money is. */
export const checkoutFailed = errorResponseWith(z.looseObject({ orderId: z.string(), money: moneyState })).meta({
  id: 'CheckoutFailed',
  description: 'The checkout could not be completed and was undone; details.money says whether anything was charged. 503/504 are worth retrying.',
});
export type CheckoutFailed = z.infer<typeof checkoutFailed>;
