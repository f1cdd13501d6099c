import { traced } from '@shopfast/tracing';
import type { PaymentClient } from '../../../clients/payment-client';
import type { CheckoutContext } from '../checkout-context';
import { PaymentDeclinedError } from '../checkout-errors';
import type { SagaStep } from '../saga';

/**
 * Step 4: charge the card (the order id is the payment's idempotency key: retries never charge twice).
 * Compensation: refund every approved charge the payment ledger holds for the order, which also covers
 * a charge whose answer was lost. A decline charges nothing.
 */
export function chargeCardStep(deps: { payments: PaymentClient }): SagaStep<CheckoutContext> {
  return {
    name: 'charge_card',
    compensation: 'refund_charges',
    leftNothingBehind: (error) => error instanceof PaymentDeclinedError,
    run: (context) =>
      traced('checkout.process_payment', {}, async (span) => {
        const { input, priced } = context;
        span.setTag('payment.method', 'credit_card');
        span.setTag('checkout.amount', priced.total);
        const result = await deps.payments.charge({
          orderId: context.orderId,
          amount: priced.total,
          currency: priced.currency,
          card: { number: input.payment.cardNumber, expMonth: input.payment.expMonth, expYear: input.payment.expYear, cvc: input.payment.cvc },
        });
        span.setTag('payment.status', result.approved ? 'approved' : 'declined');
        if (!result.approved) {
          span.setTag('payment.decline_reason', result.reason);
          // The payment step failed, so its span is the error span (error.type/message/stack); the
          // checkout itself answers 402 and is a business outcome, not a crash.
          const declined = new PaymentDeclinedError(result.reason);
          span.setTag('error', declined);
          throw declined;
        }
        context.charge = { chargeId: result.chargeId, brand: result.brand, last4: result.last4 };
      }),
  };
}
