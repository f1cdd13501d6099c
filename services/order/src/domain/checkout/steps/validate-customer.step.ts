import { traced } from '@shopfast/tracing';
import type { Customer, UserClient } from '../../../clients/user-client';
import type { CheckoutInput } from '../checkout-context';

/** Step 1 (before the order exists): the customer is real and may buy. Nothing to undo. */
export function validateCustomer(users: UserClient, input: CheckoutInput): Promise<Customer> {
  return traced('checkout.validate_user', {}, async (span) => {
    span.setTag('user.id', input.userId);
    return users.getCustomer(input.userId, input.requestId);
  });
}
