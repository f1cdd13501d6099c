import { randomUUID } from 'node:crypto';
import type { MoneyState } from '@shopfast/contracts';
import { AppError, conflict, type Logger, type Metrics } from '@shopfast/service-kit';
import { traced } from '@shopfast/tracing';
import type { CartClient } from '../../clients/cart-client';
import type { InventoryClient } from '../../clients/inventory-client';
import type { PaymentClient } from '../../clients/payment-client';
import type { ShippingClient } from '../../clients/shipping-client';
import type { UserClient } from '../../clients/user-client';
import type { CheckoutResult, CompensationKind } from '../../model/checkout';
import type { OutboxEvent } from '../../model/outbox';
import type { FailedStatus, OrderStore } from '../../store/order-store';
import { regionOf } from '../region';
import type { CheckoutContext, CheckoutInput, PricedOrder } from './checkout-context';
import { CheckoutAbandonedError, OutOfStockError, PaymentDeclinedError } from './checkout-errors';
import { checkoutFingerprint } from './checkout-fingerprint';
import type { Compensator } from './compensations';
import { compensationsFor, runSaga, type SagaStep } from './saga';
import { chargeCardStep } from './steps/charge-card.step';
import { commitStockStep } from './steps/commit-stock.step';
import { confirmOrderStep } from './steps/confirm-order.step';
import { priceOrder } from './steps/price-order.step';
import { reserveStockStep } from './steps/reserve-stock.step';
import { validateCustomer } from './steps/validate-customer.step';

export type { CheckoutInput } from './checkout-context';

export interface CheckoutDeps {
  store: OrderStore;
  users: UserClient;
  carts: CartClient;
  inventory: InventoryClient;
  payments: PaymentClient;
  shipping: ShippingClient;
  compensator: Compensator;
  /** Publishes an outbox event now; the outbox relay retries it later if this fails. */
  publish: (event: OutboxEvent) => Promise<void>;
  metrics: Metrics;
  logger: Logger;
  reservationTtlSeconds: number;
}

/** What the route answers: the domain result, and whether it is a replay of an earlier answer. */
export interface CheckoutAnswer {
  result: CheckoutResult;
  replayed: boolean;
}

/**
 * The checkout saga. Before the order exists: validate the customer, price the cart and shipping
 * (failures there are plain errors: nothing to undo). Then the order is recorded as pending and the
 * steps run under the journal: reserve stock -> charge the card -> commit the stock -> confirm (with
 * order.placed in the outbox, atomically). On a failure the order ends in one transaction with its
 * answer and the compensations it owes (compensations.ts), which run at once and are retried until they
 * succeed; the answer never says "nothing was charged" before the payment ledger does.
 */
export function createCheckout(deps: CheckoutDeps) {
  const { store, metrics, logger, compensator } = deps;
  const steps: Array<SagaStep<CheckoutContext>> = [
    reserveStockStep(deps),
    chargeCardStep(deps),
    commitStockStep(deps),
    confirmOrderStep(deps),
  ];
  const journal = {
    started: (orderId: string, step: string) => store.recordStep(orderId, step, 'started'),
    done: (orderId: string, step: string) => store.recordStep(orderId, step, 'done'),
    failed: (orderId: string, step: string) => store.recordStep(orderId, step, 'failed'),
  };

  const countFailure = (code: string) => metrics.increment('ecommerce.orders.failed', 1, { error: code });

  /** The earlier answer for this key, 422 if the key came with another request, 409 while it still runs. */
  async function replay(userId: string, key: string, fingerprint: string): Promise<CheckoutAnswer | null> {
    const earlier = await store.findByIdempotencyKey(userId, key);
    if (!earlier) return null;
    if (earlier.requestFingerprint !== null && earlier.requestFingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request; use a new key for a new checkout', 422, {
        orderId: earlier.id,
      });
    }
    if (!earlier.result) throw conflict('checkout_in_progress', 'A checkout with this Idempotency-Key is still being processed', { orderId: earlier.id });
    return { result: earlier.result, replayed: true };
  }

  /**
   * Ends a failed checkout: its status, answer and owed compensations in one write, then the
   * compensations at once (best effort: the compensation job retries what fails). Returns the answer
   * as it stands afterwards, so a refund that already went through is told as done.
   */
  async function end(orderId: string, status: FailedStatus, code: string, result: CheckoutResult, compensations: CompensationKind[]): Promise<CheckoutResult> {
    if (!(await store.endCheckout(orderId, { status, failureCode: code, result, compensations }))) {
      // The sweeper ended it first (it counted it and owns the compensation): answer what it stored.
      return (await store.resultOf(orderId)) ?? result;
    }
    countFailure(code);
    if (compensations.length === 0) return result;
    const settled = await compensator.settle({ orderId }).catch((error: unknown) => {
      logger.warn({ err: error, orderId }, 'compensations not run yet; the compensation job retries them');
      return new Map<string, CheckoutResult | undefined>();
    });
    return settled.get(orderId) ?? result;
  }

  /** The answer and order status for a saga that failed at `step` with `error`. */
  function classify(orderId: string, error: unknown, compensations: CompensationKind[], priced: PricedOrder): { status: FailedStatus; code: string; result: CheckoutResult } {
    const money: MoneyState = compensations.includes('refund_charges') ? 'refund_pending' : 'not_charged';
    if (error instanceof OutOfStockError) {
      metrics.increment('ecommerce.inventory.stockout_at_checkout', 1);
      return { status: 'out_of_stock', code: 'out_of_stock', result: { kind: 'out_of_stock', orderId, items: error.items } };
    }
    if (error instanceof PaymentDeclinedError) {
      return { status: 'payment_failed', code: 'payment_declined', result: { kind: 'declined', orderId, reason: error.reason } };
    }
    const status: FailedStatus = money === 'refund_pending' ? 'refund_pending' : 'failed';
    if (error instanceof CheckoutAbandonedError) return { status, code: 'checkout_abandoned', result: { kind: 'failed', orderId, code: 'checkout_abandoned', money } };
    if (error instanceof AppError && error.status < 500) {
      return { status, code: error.code, result: { kind: 'rejected', orderId, code: error.code, message: error.message, status: error.status, details: error.details } };
    }
    if (error instanceof AppError) {
      return { status, code: error.code, result: { kind: 'failed', orderId, code: error.code, money, upstreamStatus: error.status, details: error.details } };
    }
    logger.error({ err: error, orderId, total: priced.total }, 'checkout failed unexpectedly');
    return { status, code: 'checkout_failed', result: { kind: 'failed', orderId, code: 'checkout_failed', money } };
  }

  async function checkout(input: CheckoutInput): Promise<CheckoutAnswer> {
    return traced('ecommerce.checkout', { resource: 'checkout' }, async (span) => {
      span.setTag('user.id', input.userId);
      span.setTag('payment.method', 'credit_card');
      span.setTag('checkout.shipping_method', input.shippingMethod);
      const fingerprint = checkoutFingerprint(input);
      if (input.idempotencyKey) {
        metrics.increment('ecommerce.feature.used', 1, { feature: 'idempotency_key' });
        const earlier = await replay(input.userId, input.idempotencyKey, fingerprint);
        if (earlier) {
          span.setTag('checkout.replayed', true);
          return earlier;
        }
      }
      if (input.shippingMethod === 'express') metrics.increment('ecommerce.feature.used', 1, { feature: 'express_shipping' });

      let customer: CheckoutContext['customer'];
      let priced: PricedOrder;
      try {
        customer = await validateCustomer(deps.users, input);
        priced = await priceOrder(deps, input);
      } catch (error) {
        // Failures before any order exists (unknown user, empty cart, a peer down) count too, and are
        // recorded as failed attempts (the conversion rate's denominator): no order row will say so.
        const code = error instanceof AppError ? error.code : 'checkout_failed';
        countFailure(code);
        await store.recordAttemptFailedBeforeOrder(code).catch((recordError: unknown) => logger.warn({ err: recordError, code }, 'failed checkout attempt not recorded'));
        throw error;
      }
      span.setTag('cart.item_count', priced.itemCount);
      span.setTag('checkout.amount', priced.total);
      span.setTag('checkout.currency', priced.currency);

      const orderId = randomUUID();
      const created = await store.createPending({
        id: orderId,
        userId: input.userId,
        currency: priced.currency,
        subtotal: priced.subtotal,
        shippingCost: priced.shippingCost,
        total: priced.total,
        shippingMethod: input.shippingMethod,
        shippingAddress: input.shippingAddress,
        items: priced.items,
        idempotencyKey: input.idempotencyKey ?? null,
        requestFingerprint: input.idempotencyKey ? fingerprint : null,
      });
      // Another request with the same key got there first: answer as it did (or say it is still running).
      if (!created) return (await replay(input.userId, input.idempotencyKey!, fingerprint))!;
      span.setTag('order.id', orderId);

      const context: CheckoutContext = { orderId, input, customer, priced };
      const outcome = await runSaga(orderId, steps, context, journal);
      if (!outcome.ok) {
        const { status, code, result } = classify(orderId, outcome.error, outcome.compensations, priced);
        span.setTag('checkout.outcome', code === 'out_of_stock' ? 'out_of_stock' : code === 'payment_declined' ? 'payment_declined' : 'failed');
        if (outcome.error instanceof PaymentDeclinedError) span.setTag('payment.status', 'declined');
        if (result.kind === 'failed' && outcome.error instanceof Error && !(outcome.error instanceof CheckoutAbandonedError)) span.setTag('error', outcome.error);
        return { result: await end(orderId, status, code, result, outcome.compensations), replayed: false };
      }

      // Confirmed, with its event queued: nothing below may undo it, so each step is best effort.
      span.setTag('payment.status', 'approved');
      span.setTag('inventory.items_updated', priced.items.length);
      span.setTag('checkout.outcome', 'confirmed');
      await recordSuccess(input, priced).catch((error: unknown) => logger.warn({ err: error, orderId }, 'order metrics not recorded'));
      await deps.carts.clear(input.userId, input.requestId).catch((error: unknown) => logger.warn({ err: error, orderId }, 'cart not cleared after checkout'));
      await deps.publish(context.placedEvent!).catch((error: unknown) => logger.warn({ err: error, orderId }, 'order.placed not published yet; the outbox relay will retry'));
      return { result: { kind: 'confirmed', orderId, total: priced.total, currency: priced.currency, items: priced.items }, replayed: false };
    });
  }

  /**
   * Ends a checkout that died midway (process crash, answers lost for good), found pending by the
   * sweeper. The journal says which steps started; their compensations are owed (a charge whose answer
   * was lost is found in the payment ledger). Until the money is confirmed back, the order says
   * refund_pending. Returns whether this call ended the order.
   */
  async function recoverAbandoned(orderId: string): Promise<boolean> {
    const compensations = compensationsFor(await store.startedSteps(orderId), steps);
    const money: MoneyState = compensations.includes('refund_charges') ? 'refund_pending' : 'not_charged';
    const result: CheckoutResult = { kind: 'failed', orderId, code: 'checkout_abandoned', money };
    if (!(await store.endCheckout(orderId, { status: money === 'refund_pending' ? 'refund_pending' : 'failed', failureCode: 'checkout_abandoned', result, compensations }))) return false;
    countFailure('checkout_abandoned');
    logger.warn({ orderId, compensations }, 'abandoned checkout ended; compensating');
    await compensator.settle({ orderId }).catch((error: unknown) => logger.warn({ err: error, orderId }, 'compensations not run yet; the compensation job retries them'));
    return true;
  }

  async function recordSuccess(input: CheckoutInput, priced: PricedOrder): Promise<void> {
    const confirmedOrders = await store.confirmedOrderCount(input.userId);
    const customerType = confirmedOrders <= 1 ? 'new' : 'returning';
    const region = regionOf(input.shippingAddress.country);
    const tags = { currency: priced.currency, shipping_method: input.shippingMethod, customer_type: customerType, region };
    metrics.increment('ecommerce.orders.completed', 1, tags);
    metrics.distribution('ecommerce.order.value', priced.total, { currency: priced.currency, region });
    metrics.increment('ecommerce.revenue.total', priced.total, { source: 'web', currency: priced.currency, region });
    metrics.histogram('ecommerce.customer.lifetime_value', await store.lifetimeValue(input.userId, priced.currency), { currency: priced.currency, customer_type: customerType });
  }

  return { checkout, recoverAbandoned };
}

export type Checkout = ReturnType<typeof createCheckout>;
