import { tracer } from '@shopfast/tracing';
import type { CheckoutResult } from '../../../model/checkout';
import type { OrderStore } from '../../../store/order-store';
import { orderPlacedEvent } from '../../order-events';
import type { CheckoutContext } from '../checkout-context';
import { CheckoutAbandonedError } from '../checkout-errors';
import type { SagaStep } from '../saga';

/**
 * Step 6: the order becomes confirmed, with its answer and its order.placed event in the outbox, in one
 * transaction. Only a pending order can be confirmed: if the abandoned-checkout sweeper ended it while
 * this checkout was slow, nothing is written and the saga undoes what it did.
 */
export function confirmOrderStep(deps: { store: OrderStore }): SagaStep<CheckoutContext> {
  return {
    name: 'confirm_order',
    run: async (context) => {
      const { orderId, priced, charge } = context;
      const result: CheckoutResult = { kind: 'confirmed', orderId, total: priced.total, currency: priced.currency, items: priced.items };
      const event = orderPlacedEvent({ orderId, customer: context.customer, input: context.input, priced, trace: currentTraceHeaders() });
      if (!(await deps.store.confirm(orderId, charge!, result, event))) throw new CheckoutAbandonedError();
      context.placedEvent = event;
    },
  };
}

/** The active span's context as headers, stored with the outbox event so its consumers join this trace. */
function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  const span = tracer.scope().active();
  if (span) tracer.inject(span, 'text_map', carrier);
  return carrier;
}
