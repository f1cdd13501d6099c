import { z } from 'zod';
import { chargeDeclinedDetails, chargeList, chargeResponse, closeChargeResponse, errorResponse, type Card, type ChargeRequest } from '@shopfast/contracts';
import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { errorCode, unexpectedAnswer } from './upstream';

export type { Card } from '@shopfast/contracts';

export type ChargeResult =
  | { approved: true; chargeId: string; brand: string; last4: string }
  | { approved: false; chargeId?: string; reason: string };

/** The parts of the payment contract's answers the order acts on. */
const approvedCharge = chargeResponse.pick({ chargeId: true, brand: true, last4: true });
const declinedCharge = z.object({ error: z.object({ details: chargeDeclinedDetails.partial().optional() }) });
const closedPayment = closeChargeResponse.pick({ charge: true });
const ledger = z.object({ items: z.array(chargeList.shape.items.element.pick({ chargeId: true, status: true, refunded: true })) });

/** The payment's idempotency key: one per order, so retries and the compensation speak of the same payment. */
const paymentKey = (orderId: string) => `order-${orderId}`;

export function createPaymentClient(client: ServiceClient) {
  return {
    /**
     * Charges the card. The order id is the idempotency key, so the retries the client makes on a lost
     * answer can never charge twice. A decline is a business outcome, returned, not thrown.
     */
    async charge(input: { orderId: string; amount: number; currency: string; card: Card }): Promise<ChargeResult> {
      const body: ChargeRequest = { idempotencyKey: paymentKey(input.orderId), orderId: input.orderId, amount: input.amount, currency: input.currency, card: input.card };
      const response = await client.post('/charges', body, { idempotent: true, timeoutMs: 8_000 });
      if (response.status === 201 || response.status === 200) {
        const approved = approvedCharge.safeParse(response.body);
        if (!approved.success) throw unexpectedAnswer('payment', response);
        return { approved: true, ...approved.data };
      }
      if (response.status === 402) {
        const details = declinedCharge.safeParse(response.body).data?.error.details;
        return { approved: false, chargeId: details?.chargeId, reason: details?.reason ?? 'card_declined' };
      }
      if (response.status === 409 && errorCode(response) === 'payment_key_closed') {
        // The abandoned-checkout sweeper gave up on this order first and closed its payment: nothing charged.
        throw new AppError('checkout_abandoned', 'This checkout was abandoned before the card was charged', 409);
      }
      if (response.status === 400) {
        const refused = errorResponse.safeParse(response.body);
        if (!refused.success) throw unexpectedAnswer('payment', response);
        throw new AppError('card_invalid', refused.data.error.message, 400, refused.data.error.details);
      }
      throw unexpectedAnswer('payment', response);
    },

    /**
     * Gives up on the order's payment for good: payment waits for a charge still at the bank and answers
     * it, or closes the key so no charge can be made with it later. After this the ledger is final for
     * the order, so "nothing was charged" can be said truthfully. Attempted even with the circuit open.
     */
    async close(orderId: string): Promise<z.infer<typeof closedPayment>> {
      const response = await client.post('/charges/close', { idempotencyKey: paymentKey(orderId), orderId }, { idempotent: true, bypassCircuitBreaker: true, timeoutMs: 10_000 });
      const parsed = closedPayment.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) throw unexpectedAnswer('payment', response);
      return parsed.data;
    },

    async refund(chargeId: string): Promise<void> {
      // A compensation: attempted even when payment has been failing (circuit open).
      const response = await client.post(`/charges/${encodeURIComponent(chargeId)}/refund`, {}, { idempotent: true, bypassCircuitBreaker: true });
      if (response.status !== 200 && errorCode(response) !== 'charge_not_refundable') throw unexpectedAnswer('payment', response);
    },

    /** The ledger's charges for an order (approved or declined, refunded or not): what a refund decides on. */
    async chargesFor(orderId: string): Promise<Array<{ chargeId: string; status: string; refunded: boolean }>> {
      const response = await client.get('/charges', { query: { orderId }, bypassCircuitBreaker: true });
      const parsed = ledger.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) throw unexpectedAnswer('payment', response);
      return parsed.data.items;
    },
  };
}

export type PaymentClient = ReturnType<typeof createPaymentClient>;
