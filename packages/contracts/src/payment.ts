import { z } from 'zod';
import { card } from './card';

/**
 * The payment service's API (internal: the order service is its one caller). Money is a number in major
 * units with at most two decimals plus an ISO currency code.
 */
const token = (what: string, max: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,${max - 1}}$`), `must be ${what} (letters, digits, - _ . :; at most ${max})`);
const idempotencyKey = token('an idempotency key', 200);
const paymentOrderId = token('an order id', 100);

/** An ISO 4217 currency code in capitals (USD, EUR...): charges and the events that carry money. */
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code like USD');

/** POST /charges body. The same idempotencyKey always gets the first answer and never charges twice. */
export const chargeRequest = z
  .object({
    idempotencyKey,
    orderId: paymentOrderId,
    amount: z
      .number({ error: 'must be a number' })
      .positive('must be > 0')
      .max(1_000_000, 'must be <= 1000000')
      .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'at most two decimals'),
    currency,
    card,
  })
  .strict()
  .meta({ id: 'ChargeRequest', description: 'Internal POST /charges: charge a card once per idempotency key.' });
export type ChargeRequest = z.infer<typeof chargeRequest>;

/** POST /charges answer (201): an approved charge. A decline is 402 payment_declined with `chargeDeclinedDetails`. */
export const chargeResponse = z
  .object({
    chargeId: z.string(),
    status: z.literal('approved'),
    amount: z.number(),
    currency: z.string(),
    brand: z.string().meta({ description: "From the number's prefix (cardBrand): visa, mastercard, amex or unknown." }),
    last4: z.string(),
  })
  .meta({ id: 'ChargeResponse', description: 'Internal POST /charges answer (201): the approved charge.' });
export type ChargeResponse = z.infer<typeof chargeResponse>;

export const DECLINE_REASONS = ['card_declined', 'insufficient_funds', 'fraud_suspected'] as const;

/** `details` of 402 payment_declined. */
export const chargeDeclinedDetails = z
  .object({ chargeId: z.string().optional(), reason: z.string().meta({ description: 'card_declined, insufficient_funds or fraud_suspected.' }) })
  .meta({ id: 'ChargeDeclinedDetails', description: 'Internal: details of a 402 payment_declined from POST /charges.' });
export type ChargeDeclinedDetails = z.infer<typeof chargeDeclinedDetails>;

/** POST /charges/close body: the order gives up on its payment for good. */
export const closeChargeRequest = z
  .object({ idempotencyKey, orderId: paymentOrderId })
  .strict()
  .meta({ id: 'CloseChargeRequest', description: 'Internal POST /charges/close: answer the charge made with this key, or close the key for good.' });
export type CloseChargeRequest = z.infer<typeof closeChargeRequest>;

export const closeChargeResponse = z
  .object({
    idempotencyKey: z.string(),
    charge: z.object({ chargeId: z.string(), status: z.enum(['approved', 'declined']), refunded: z.boolean() }).nullable(),
  })
  .meta({ id: 'CloseChargeResponse', description: 'Internal POST /charges/close answer: the charge made with the key, or null (the key is now closed).' });
export type CloseChargeResponse = z.infer<typeof closeChargeResponse>;

/** POST /charges/:id/refund answer (idempotent). */
export const refundResponse = z
  .object({ chargeId: z.string(), refundId: z.string(), status: z.literal('refunded') })
  .meta({ id: 'RefundResponse', description: 'Internal POST /charges/:id/refund answer.' });
export type RefundResponse = z.infer<typeof refundResponse>;

export const chargeParams = z.object({ id: z.uuid({ error: 'must be a charge id' }) });
export const chargeListQuery = z.object({ orderId: paymentOrderId }).strict();

/** GET /charges?orderId= answer: the ledger's charges for an order. */
export const chargeList = z
  .object({
    items: z.array(
      z.object({
        chargeId: z.string(),
        status: z.enum(['approved', 'declined']),
        amount: z.number(),
        currency: z.string(),
        brand: z.string(),
        last4: z.string(),
        refunded: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ChargeList', description: "Internal GET /charges?orderId=: the ledger's charges for an order." });
export type ChargeList = z.infer<typeof chargeList>;
