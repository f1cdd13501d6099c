import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { errorCode, unexpectedAnswer } from './upstream';

export interface Card {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type ChargeResult =
  | { approved: true; chargeId: string; brand: string; last4: string }
  | { approved: false; chargeId?: string; reason: string };

interface ChargeBody {
  chargeId: string;
  brand: string;
  last4: string;
}

/** The payment's idempotency key: one per order, so retries and the compensation speak of the same payment. */
const paymentKey = (orderId: string) => `order-${orderId}`;

export function createPaymentClient(client: ServiceClient) {
  return {
    /**
     * Charges the card. The order id is the idempotency key, so the retries the client makes on a lost
     * answer can never charge twice. A decline is a business outcome, returned, not thrown.
     */
    async charge(input: { orderId: string; amount: number; currency: string; card: Card }): Promise<ChargeResult> {
      const response = await client.post(
        '/charges',
        { idempotencyKey: paymentKey(input.orderId), orderId: input.orderId, amount: input.amount, currency: input.currency, card: input.card },
        { idempotent: true, timeoutMs: 8_000 },
      );
      if (response.status === 201 || response.status === 200) {
        const body = response.body as ChargeBody;
        return { approved: true, chargeId: body.chargeId, brand: body.brand, last4: body.last4 };
      }
      if (response.status === 402) {
        const details = (response.body as { error: { details?: { chargeId?: string; reason?: string } } }).error.details;
        return { approved: false, chargeId: details?.chargeId, reason: details?.reason ?? 'card_declined' };
      }
      if (response.status === 409 && errorCode(response) === 'payment_key_closed') {
        // The abandoned-checkout sweeper gave up on this order first and closed its payment: nothing charged.
        throw new AppError('checkout_abandoned', 'This checkout was abandoned before the card was charged', 409);
      }
      if (response.status === 400) {
        const body = response.body as { error: { message: string; details?: unknown } };
        throw new AppError('card_invalid', body.error.message, 400, body.error.details);
      }
      throw unexpectedAnswer('payment', response);
    },

    /**
     * Gives up on the order's payment for good: payment waits for a charge still at the bank and answers
     * it, or closes the key so no charge can be made with it later. After this the ledger is final for
     * the order, so "nothing was charged" can be said truthfully. Attempted even with the circuit open.
     */
    async close(orderId: string): Promise<{ charge: { chargeId: string; status: string } | null }> {
      const response = await client.post('/charges/close', { idempotencyKey: paymentKey(orderId), orderId }, { idempotent: true, bypassCircuitBreaker: true, timeoutMs: 10_000 });
      if (response.status !== 200) throw unexpectedAnswer('payment', response);
      return response.body as { charge: { chargeId: string; status: string } | null };
    },

    async refund(chargeId: string): Promise<void> {
      // A compensation: attempted even when payment has been failing (circuit open).
      const response = await client.post(`/charges/${encodeURIComponent(chargeId)}/refund`, {}, { idempotent: true, bypassCircuitBreaker: true });
      if (response.status !== 200 && errorCode(response) !== 'charge_not_refundable') throw unexpectedAnswer('payment', response);
    },

    /** The ledger's charges for an order (approved or declined, refunded or not): what a refund decides on. */
    async chargesFor(orderId: string): Promise<Array<{ chargeId: string; status: string; refunded: boolean }>> {
      const response = await client.get<{ items: Array<{ chargeId: string; status: string; refunded?: boolean }> }>('/charges', { query: { orderId }, bypassCircuitBreaker: true });
      if (response.status !== 200 || !Array.isArray(response.body?.items)) throw unexpectedAnswer('payment', response);
      return response.body.items.map((charge) => ({ chargeId: charge.chargeId, status: charge.status, refunded: charge.refunded === true }));
    },
  };
}

export type PaymentClient = ReturnType<typeof createPaymentClient>;
