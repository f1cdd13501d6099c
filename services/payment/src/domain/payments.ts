import { createHash, randomUUID } from 'node:crypto';
import type { ChargeList, ChargeRequest, ChargeResponse, CloseChargeResponse, RefundResponse } from '@shopfast/contracts';
import { AppError, conflict, notFound, type Metrics } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { ChargeRecord, ChargeStore } from '../store/charge-store';
import { cardBrand } from './card';
import type { CardProcessor } from './card-processor';

/** POST /charges as the contract parses it: the card number already normalised (digits only) and checked. */
export type ChargeInput = ChargeRequest;

export interface PaymentsDeps {
  store: ChargeStore;
  processor: CardProcessor;
  metrics: Metrics;
}

/** A dd-trace span (or null when none is active). */
type Span = ReturnType<ReturnType<typeof tracer.scope>['active']>;

/** What identifies a request for idempotency: the same key must always come with the same content. */
const fingerprint = (input: ChargeInput, last4: string) =>
  createHash('sha256').update(JSON.stringify([input.orderId, input.amount.toFixed(2), input.currency, last4])).digest('hex');

/** The charge as the API shows it; a declined charge is an AppError 402 carrying its id and reason. */
export function chargeResult(charge: ChargeRecord): ChargeResponse {
  if (charge.status === 'declined') {
    throw new AppError('payment_declined', 'The payment was declined', 402, { chargeId: charge.id, reason: charge.declineReason });
  }
  return { chargeId: charge.id, status: 'approved', amount: charge.amount, currency: charge.currency, brand: charge.brand, last4: charge.last4 };
}

/**
 * Charging and refunding. A charge runs at most once per idempotency key: the whole decision (fraud
 * check, bank call, transaction log) happens inside a PostgreSQL advisory lock on that key, so 10
 * identical concurrent requests make one bank call, one charge row and at most one ledger row.
 */
export function createPayments({ store, processor, metrics }: PaymentsDeps) {
  function tag(spans: Array<Span | undefined>, tags: Record<string, string | number>): void {
    for (const span of spans) span?.addTags(tags);
  }

  return {
    charge(input: ChargeInput): Promise<ChargeRecord> {
      // The span active in the route: express.request once dd-trace's router.middleware spans are off.
      const requestSpan = tracer.scope().active();
      return tracer.trace('payment.charge', { resource: 'charge' }, async (span) => {
        const brand = cardBrand(input.card.number);
        const last4 = input.card.number.slice(-4);
        const requestFingerprint = fingerprint(input, last4);
        tag([requestSpan, span], { 'payment.method': 'credit_card', 'payment.brand': brand, 'payment.currency': input.currency, 'payment.amount': input.amount });

        const charge = await store.withIdempotencyLock(input.idempotencyKey, async (tx) => {
          const existing = await tx.findByKey(input.idempotencyKey);
          if (existing) {
            if (existing.requestFingerprint !== requestFingerprint) {
              throw conflict('idempotency_key_reused', 'This idempotency key was used for a different payment');
            }
            span?.setTag('payment.idempotent_replay', 'true');
            return existing;
          }
          // The order gave up on this payment (close below) before it reached us: charging now would take
          // money for an order that already told its customer nothing was charged.
          if (await tx.isClosed(input.idempotencyKey)) {
            throw conflict('payment_key_closed', 'This payment was cancelled by its order before it was made; nothing was charged');
          }
          const decision = await processor.authorize({ cardNumber: input.card.number, amount: input.amount, chargeKey: input.idempotencyKey });
          const created = await tracer.trace('payment.transaction_log', { resource: 'insert charge' }, () =>
            tx.insertCharge({
              id: randomUUID(),
              idempotencyKey: input.idempotencyKey,
              requestFingerprint,
              orderId: input.orderId,
              amount: input.amount,
              currency: input.currency,
              status: decision.approved ? 'approved' : 'declined',
              declineReason: decision.approved ? null : decision.reason,
              brand,
              last4,
            }),
          );
          metrics.increment('ecommerce.payment.processed', 1, { status: created.status, brand });
          if (created.declineReason) metrics.increment('ecommerce.payment.declined', 1, { reason: created.declineReason });
          return created;
        });

        // A decline is a business outcome, not an error: tagged for search, never marked as a failed span.
        tag([requestSpan, span], { 'payment.status': charge.status });
        if (charge.declineReason) tag([requestSpan, span], { 'payment.decline_reason': charge.declineReason });
        return charge;
      });
    },

    /**
     * Closes an idempotency key for good, for a caller that gave up on the payment (the order service's
     * compensation). It takes the same lock as charge(), so it waits for a charge that is still at the
     * bank and then answers it; with no charge, the key is closed and a charge that arrives later is
     * refused. Either way the answer is final: the caller can tell whether money moved.
     */
    close(idempotencyKey: string, orderId: string): Promise<CloseChargeResponse> {
      return store.withIdempotencyLock(idempotencyKey, async (tx) => {
        const existing = await tx.findByKey(idempotencyKey);
        if (existing) return { idempotencyKey, charge: { chargeId: existing.id, status: existing.status, refunded: existing.refunded } };
        await tx.close(idempotencyKey, orderId);
        return { idempotencyKey, charge: null };
      });
    },

    async refund(chargeId: string): Promise<RefundResponse> {
      const result = await store.refund(chargeId);
      if (!result) throw notFound(`Charge ${chargeId} does not exist`, 'charge_not_found');
      if (!('refundId' in result)) throw conflict('charge_not_refundable', 'Only approved charges can be refunded; this one was declined');
      return { chargeId, refundId: result.refundId, status: 'refunded' };
    },

    async listByOrder(orderId: string): Promise<ChargeList> {
      const charges = await store.listByOrder(orderId);
      return {
        items: charges.map((charge) => ({
          chargeId: charge.id,
          status: charge.status,
          amount: charge.amount,
          currency: charge.currency,
          brand: charge.brand,
          last4: charge.last4,
          refunded: charge.refunded,
        })),
      };
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
