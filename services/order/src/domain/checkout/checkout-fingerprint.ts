import { createHash } from 'node:crypto';
import type { CheckoutInput } from './checkout-context';

/**
 * What an Idempotency-Key is bound to, as Stripe binds keys: the request's own parameters (address,
 * shipping method, card). A second request with the same key and another fingerprint is refused (422)
 * instead of replaying an answer to a different question. The card enters only as what may be stored
 * (first six and last four digits, length, expiry; never the full number or the CVC): two cards that
 * share all of these would look alike, which is as rare as it is harmless (the first answer is replayed).
 */
export function checkoutFingerprint(input: Pick<CheckoutInput, 'shippingAddress' | 'shippingMethod' | 'payment'>): string {
  const { cardNumber, expMonth, expYear } = input.payment;
  const address = input.shippingAddress;
  const canonical = JSON.stringify([
    [address.name, address.line1, address.city, address.postalCode, address.country],
    input.shippingMethod,
    [cardNumber.slice(0, 6), cardNumber.slice(-4), cardNumber.length, expMonth, expYear],
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
