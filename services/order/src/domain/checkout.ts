import { randomUUID } from 'node:crypto';
import { traced, tracer } from '@shopfast/tracing';
import { AppError, conflict, errorBody, type Logger, type Metrics } from '@shopfast/service-kit';
import type { CartClient } from '../clients/cart-client';
import type { InventoryClient, ShortItem } from '../clients/inventory-client';
import type { Card, PaymentClient } from '../clients/payment-client';
import type { ShippingClient } from '../clients/shipping-client';
import type { UserClient } from '../clients/user-client';
import type { OrderStore, OutboxEvent, StoredResponse } from '../store/order-store';
import { fromCents, toCents, type OrderItem, type ShippingAddress, type ShippingMethod } from './order';
import { ORDERS_STREAM, orderPlacedEvent } from './order-events';

export interface CheckoutInput {
  userId: string;
  idempotencyKey?: string;
  requestId?: string;
  shippingAddress: ShippingAddress;
  shippingMethod: ShippingMethod;
  payment: { cardNumber: string; expMonth: number; expYear: number; cvc: string };
}

/** What the route answers: kept with the order so a repeated Idempotency-Key gets the same answer. */
export interface CheckoutOutcome extends StoredResponse {
  replayed?: boolean;
}

export interface CheckoutDeps {
  store: OrderStore;
  users: UserClient;
  carts: CartClient;
  inventory: InventoryClient;
  payments: PaymentClient;
  shipping: ShippingClient;
  /** Publishes an outbox event now; the outbox relay retries it later if this fails. */
  publish: (event: OutboxEvent) => Promise<void>;
  metrics: Metrics;
  logger: Logger;
  reservationTtlSeconds: number;
}

/** Marks the payment span of a declined checkout; never thrown. */
export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
  constructor(readonly reason: string) {
    super(`The card was declined: ${reason}`);
  }
}

/** Parcel weight assumed per item until products carry weights: quotes need one. */
const KG_PER_ITEM = 0.5;

/** What has been done so far in one checkout, so a failure undoes exactly that. */
interface Progress {
  /** Set before the reserve call: its answer can be lost while the reservation happens anyway. */
  reservationAttempted: boolean;
  paymentAttempted: boolean;
  chargeId?: string;
}

/**
 * The checkout saga. Steps, each a span under `ecommerce.checkout`:
 * validate the customer -> price the cart and shipping -> record the order as pending -> reserve stock
 * -> charge the card -> commit the stock -> confirm the order (with its order.placed event, atomically)
 * -> clear the cart and publish. Any failure undoes what was done (refund, release) and leaves the
 * order in a final status with the answer the customer got; nothing is half done.
 */
export function createCheckout(deps: CheckoutDeps) {
  const { store, metrics, logger } = deps;

  async function compensate(orderId: string, progress: Progress): Promise<void> {
    const chargeIds = new Set<string>(progress.chargeId ? [progress.chargeId] : []);
    if (progress.paymentAttempted && !progress.chargeId) {
      // The payment answer was lost: ask the ledger whether the charge went through.
      for (const id of await deps.payments.approvedChargesFor(orderId).catch(() => [])) chargeIds.add(id);
    }
    for (const chargeId of chargeIds) {
      await deps.payments.refund(chargeId).catch((error: unknown) => logger.error({ err: error, orderId, chargeId }, 'refund failed during compensation; needs manual refund'));
    }
    if (progress.reservationAttempted) {
      // Cancel puts held or committed units back on sale. If it fails too, a held reservation still
      // expires and the inventory sweeper releases it; committed units need the admin stock endpoint.
      await deps.inventory.cancel(orderId).catch((error: unknown) => logger.error({ err: error, orderId }, 'reservation cancel failed during compensation'));
    }
  }

  /**
   * Ends a checkout that died midway (process crash, answers lost for good), found pending by the
   * sweeper: first claim the order (only a pending order can fail, so a checkout still running cannot
   * confirm it afterwards), then undo whatever may have happened: refund any approved charge the ledger
   * knows, cancel the reservation. Returns whether this call ended the order.
   */
  async function recoverAbandoned(orderId: string): Promise<boolean> {
    const outcome = { status: 503, body: errorBody('checkout_abandoned', 'The checkout could not be completed; nothing was charged', { orderId }) };
    if (!(await store.fail(orderId, 'failed', 'checkout_abandoned', outcome))) return false;
    await compensate(orderId, { reservationAttempted: true, paymentAttempted: true });
    metrics.increment('ecommerce.orders.failed', 1, { error: 'checkout_abandoned' });
    logger.warn({ orderId }, 'abandoned checkout ended and compensated');
    return true;
  }

  async function replay(userId: string, key: string): Promise<CheckoutOutcome | null> {
    const earlier = await store.findByIdempotencyKey(userId, key);
    if (!earlier) return null;
    if (!earlier.response) throw conflict('checkout_in_progress', 'A checkout with this Idempotency-Key is still being processed', { orderId: earlier.id });
    return { ...earlier.response, replayed: true };
  }

  function failed(code: string, message: string, status: number, details?: unknown): CheckoutOutcome {
    metrics.increment('ecommerce.orders.failed', 1, { error: code });
    return { status, body: errorBody(code, message, details) };
  }

  /** Validates the customer and prices the cart and shipping: everything checked before an order exists. */
  async function prepare(input: CheckoutInput) {
    const customer = await traced('checkout.validate_user', {}, async (span) => {
      span.setTag('user.id', input.userId);
      return deps.users.getCustomer(input.userId, input.requestId);
    });

    const priced = await traced('checkout.calculate_total', {}, async (span) => {
      const cart = await deps.carts.getCart(input.userId, input.requestId);
      span.setTag('cart.item_count', cart.itemCount);
      if (cart.items.length === 0) throw conflict('cart_empty', 'The cart is empty');
      const quotes = await deps.shipping.quote({
        country: input.shippingAddress.country,
        postalCode: input.shippingAddress.postalCode,
        weightKg: Math.max(KG_PER_ITEM, cart.itemCount * KG_PER_ITEM),
      });
      const quote = quotes.find((candidate) => candidate.method === input.shippingMethod);
      if (!quote) throw new AppError('shipping_method_unavailable', `${input.shippingMethod} shipping is not available to this address`, 400);
      const items: OrderItem[] = cart.items.map((item) => ({
        productId: item.productId,
        sku: item.sku,
        name: item.name,
        unitPrice: item.unitPrice,
        quantity: item.quantity,
        lineTotal: fromCents(toCents(item.unitPrice) * item.quantity),
      }));
      const subtotalCents = items.reduce((sum, item) => sum + toCents(item.lineTotal), 0);
      const totalCents = subtotalCents + toCents(quote.amount);
      span.setTag('checkout.amount', fromCents(totalCents));
      span.setTag('checkout.currency', cart.currency);
      return { items, currency: cart.currency, itemCount: cart.itemCount, subtotal: fromCents(subtotalCents), shippingCost: quote.amount, total: fromCents(totalCents) };
    });
    return { customer, priced };
  }

  async function checkout(input: CheckoutInput): Promise<CheckoutOutcome> {
    return traced('ecommerce.checkout', { resource: 'checkout' }, async (checkoutSpan) => {
      checkoutSpan.setTag('user.id', input.userId);
      checkoutSpan.setTag('payment.method', 'credit_card');
      checkoutSpan.setTag('checkout.shipping_method', input.shippingMethod);
      if (input.idempotencyKey) {
        metrics.increment('ecommerce.feature.used', 1, { feature: 'idempotency_key' });
        const earlier = await replay(input.userId, input.idempotencyKey);
        if (earlier) {
          checkoutSpan.setTag('checkout.replayed', true);
          return earlier;
        }
      }
      if (input.shippingMethod === 'express') metrics.increment('ecommerce.feature.used', 1, { feature: 'express_shipping' });

      const { customer, priced } = await prepare(input).catch((error: unknown) => {
        // Failures before any order exists (unknown user, empty cart, a peer down) count too.
        metrics.increment('ecommerce.orders.failed', 1, { error: error instanceof AppError ? error.code : 'checkout_failed' });
        throw error;
      });
      checkoutSpan.setTag('cart.item_count', priced.itemCount);
      checkoutSpan.setTag('checkout.amount', priced.total);
      checkoutSpan.setTag('checkout.currency', priced.currency);

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
      });
      if (!created) {
        // Another request with the same key got there first: answer as it did (or say it is still running).
        return (await replay(input.userId, input.idempotencyKey!))!;
      }
      checkoutSpan.setTag('order.id', orderId);

      const progress: Progress = { reservationAttempted: false, paymentAttempted: false };
      let confirmed: { outcome: CheckoutOutcome; event: OutboxEvent };
      try {
        progress.reservationAttempted = true;
        const reservation = await traced('checkout.reserve_inventory', {}, async (span) => {
          span.setTag('inventory.items_requested', priced.items.length);
          return deps.inventory.reserve({
            reservationId: orderId,
            orderId,
            items: priced.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
            ttlSeconds: deps.reservationTtlSeconds,
          });
        });
        if (!reservation.ok) {
          // All or nothing: a rejected reservation holds nothing, so there is nothing to undo.
          const outcome = outOfStock(priced.items, reservation.shortItems);
          checkoutSpan.setTag('checkout.outcome', 'out_of_stock');
          await store.fail(orderId, 'out_of_stock', 'out_of_stock', outcome, { items: reservation.shortItems });
          return outcome;
        }

        progress.paymentAttempted = true;
        const card: Card = { number: input.payment.cardNumber, expMonth: input.payment.expMonth, expYear: input.payment.expYear, cvc: input.payment.cvc };
        const charge = await traced('checkout.process_payment', {}, async (span) => {
          span.setTag('payment.method', 'credit_card');
          span.setTag('checkout.amount', priced.total);
          const result = await deps.payments.charge({ orderId, amount: priced.total, currency: priced.currency, card });
          span.setTag('payment.status', result.approved ? 'approved' : 'declined');
          if (!result.approved) {
            span.setTag('payment.decline_reason', result.reason);
            // The payment step failed, so its span is the error span (error.type/message/stack); the
            // checkout itself answers 402 and is a business outcome, not a crash.
            span.setTag('error', new PaymentDeclinedError(result.reason));
          }
          return result;
        });
        checkoutSpan.setTag('payment.status', charge.approved ? 'approved' : 'declined');
        if (!charge.approved) {
          await compensate(orderId, { reservationAttempted: true, paymentAttempted: false });
          const outcome = failed('payment_declined', 'The card was declined', 402, { orderId, reason: charge.reason });
          checkoutSpan.setTag('checkout.outcome', 'payment_declined');
          await store.fail(orderId, 'payment_failed', charge.reason, outcome);
          return outcome;
        }
        progress.chargeId = charge.chargeId;

        await traced('checkout.update_inventory', {}, async (span) => {
          await deps.inventory.commit(orderId);
          span.setTag('inventory.items_updated', priced.items.length);
        });
        checkoutSpan.setTag('inventory.items_updated', priced.items.length);

        const outcome: CheckoutOutcome = {
          status: 201,
          body: { orderId, status: 'confirmed', total: priced.total, currency: priced.currency, items: priced.items },
        };
        const event = orderPlacedEvent({ orderId, customer, input, priced, trace: currentTraceHeaders() });
        if (!(await store.confirm(orderId, { chargeId: charge.chargeId, brand: charge.brand, last4: charge.last4 }, outcome, event))) {
          // The abandoned-checkout sweeper ended this order while we were slow: undo, as it did.
          await compensate(orderId, progress);
          checkoutSpan.setTag('checkout.outcome', 'abandoned');
          return failed('checkout_abandoned', 'The checkout took too long and was cancelled; nothing was charged', 503, { orderId });
        }
        confirmed = { outcome, event };
      } catch (error) {
        await compensate(orderId, progress);
        const outcome =
          error instanceof AppError && error.status < 500
            ? failed(error.code, error.message, error.status, error.details)
            : error instanceof AppError
              ? failed(error.code, 'The order could not be completed; nothing was charged', error.status === 502 ? 503 : error.status, { orderId, ...(error.details as object) })
              : failed('checkout_failed', 'The order could not be completed; nothing was charged', 500, { orderId });
        if (outcome.status >= 500 && error instanceof Error) checkoutSpan.setTag('error', error);
        checkoutSpan.setTag('checkout.outcome', 'failed');
        await store.fail(orderId, 'failed', (outcome.body as { error: { code: string } }).error.code, outcome).catch((failError: unknown) => {
          logger.error({ err: failError, orderId }, 'could not record the failed order');
        });
        return outcome;
      }

      // The order is confirmed and its event queued: nothing below may undo it, so each step is best effort.
      checkoutSpan.setTag('checkout.outcome', 'confirmed');
      await recordSuccess(input, priced).catch((error: unknown) => logger.warn({ err: error, orderId }, 'order metrics not recorded'));
      await deps.carts.clear(input.userId, input.requestId).catch((error: unknown) => logger.warn({ err: error, orderId }, 'cart not cleared after checkout'));
      await deps.publish(confirmed.event).catch((error: unknown) => logger.warn({ err: error, orderId }, 'order.placed not published yet; the outbox relay will retry'));
      return confirmed.outcome;
    });
  }

  function outOfStock(items: OrderItem[], shortItems: ShortItem[]): CheckoutOutcome {
    const named = shortItems.map((short) => ({ ...short, productId: items.find((item) => item.sku === short.sku)?.productId, name: items.find((item) => item.sku === short.sku)?.name }));
    metrics.increment('ecommerce.inventory.stockout_at_checkout', 1);
    return failed('out_of_stock', `Not enough stock for ${named.map((item) => item.name ?? item.sku).join(', ')}`, 409, { items: named });
  }

  async function recordSuccess(input: CheckoutInput, priced: { total: number; currency: string }): Promise<void> {
    const confirmedOrders = await store.confirmedOrderCount(input.userId);
    const customerType = confirmedOrders <= 1 ? 'new' : 'returning';
    const tags = { currency: priced.currency, shipping_method: input.shippingMethod, customer_type: customerType };
    metrics.increment('ecommerce.orders.completed', 1, tags);
    metrics.distribution('ecommerce.order.value', priced.total, { currency: priced.currency });
    metrics.increment('ecommerce.revenue.total', priced.total, { source: 'web', currency: priced.currency });
    metrics.histogram('ecommerce.customer.lifetime_value', await store.lifetimeValue(input.userId, priced.currency), { currency: priced.currency, customer_type: customerType });
  }

  return { checkout, recoverAbandoned, ordersStream: ORDERS_STREAM };
}

/** The active span's context as headers, stored with an outbox event so its consumers join this trace. */
function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  const span = tracer.scope().active();
  if (span) tracer.inject(span, 'text_map', carrier);
  return carrier;
}

export type Checkout = ReturnType<typeof createCheckout>;
