import type { ShortItem } from '@shopfast/contracts';

/** The reservation was refused for lack of stock: all or nothing, so nothing is held. */
export class OutOfStockError extends Error {
  override name = 'OutOfStockError';
  constructor(readonly items: ShortItem[]) {
    super('Not enough stock');
  }
}

/** The card was declined: a business outcome; also set on the payment span (error.type) for APM. */
export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
  constructor(readonly reason: string) {
    super(`The card was declined: ${reason}`);
  }
}

/** The abandoned-checkout sweeper ended this order while the checkout was still running (it was too slow). */
export class CheckoutAbandonedError extends Error {
  override name = 'CheckoutAbandonedError';
  constructor() {
    super('The checkout took too long and was ended by the abandoned-checkout sweeper');
  }
}
