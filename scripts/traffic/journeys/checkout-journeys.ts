// Paying: with a card the bank approves, with one it declines (then, often, with another card), and
// a double-submitted checkout retried with the same Idempotency-Key. Each checks the promise the shop
// makes: one order per key, a declined order is payment_failed with the cart kept.
import { ROUTES } from '../shop-routes.ts';
import { readCart, readConfirmation, readOrder, type Confirmation } from '../shop-responses.ts';
import type { Customer } from '../user-pool.ts';
import type { Journey, JourneyContext } from './journey.ts';
import { asCustomer, checkoutBody, maybeQuoteShipping, tidyAndAdd, tidyCart } from './shopper.ts';

function idempotencyKey(context: JourneyContext): string {
  return `traffic-${context.runId}-${context.random.int(2 ** 32).toString(36)}${context.random.int(2 ** 32).toString(36)}`;
}

/** Cart page, shipping quotes, and the checkout form: what comes between "Add to cart" and "Place order". */
async function goToCheckout(context: JourneyContext, customer: Customer): Promise<boolean> {
  if (!(await tidyAndAdd(context, customer, 1))) return false;
  await context.think();
  await context.call({ route: ROUTES.cart, path: '/api/cart', token: customer.token, expect: { 200: true }, read: readCart });
  await maybeQuoteShipping(context);
  await context.think();
  return true;
}

function postCheckout(context: JourneyContext, customer: Customer, body: unknown, key: string, expect: Parameters<JourneyContext['call']>[0]['expect']) {
  return context.call<Confirmation>({
    route: ROUTES.checkout,
    path: '/api/checkout',
    token: customer.token,
    headers: { 'idempotency-key': key },
    body,
    expect,
    read: readConfirmation,
  });
}

/** The confirmation page, then the order as the shop shows it. */
async function followOrder(context: JourneyContext, customer: Customer, orderId: string, status: string): Promise<void> {
  await context.think();
  const order = (await context.call({ route: ROUTES.order, path: `/api/orders/${encodeURIComponent(orderId)}`, token: customer.token, expect: { 200: true }, read: readOrder })).data!;
  if (order.status !== status) context.fail(`order ${orderId} is ${order.status}, expected ${status}`);
}

/** A sold-out answer at checkout: the shopper drops what is gone from the cart. */
async function afterSoldOut(context: JourneyContext, customer: Customer): Promise<void> {
  context.outcome('out_of_stock');
  await tidyCart(context, customer, 0);
}

export const checkout: Journey = {
  name: 'checkout',
  description: 'a customer buys what is in the cart with a card the bank approves',
  weight: 7,
  async run(context) {
    await asCustomer(context, async (customer) => {
      if (!(await goToCheckout(context, customer))) return;
      const answer = await postCheckout(context, customer, checkoutBody(context, 'approved'), idempotencyKey(context), { 201: true, 409: 'out_of_stock' });
      if (answer.status === 409) return afterSoldOut(context, customer);
      context.outcome('confirmed');
      await followOrder(context, customer, answer.data!.orderId, 'confirmed');
    });
  },
};

export const checkoutDeclined: Journey = {
  name: 'checkout-declined',
  description: 'the bank declines the card; the cart is kept, and often the customer pays with another card',
  weight: 2,
  async run(context) {
    await asCustomer(context, async (customer) => {
      if (!(await goToCheckout(context, customer))) return;
      const declined = await postCheckout(context, customer, checkoutBody(context, 'declined'), idempotencyKey(context), { 402: 'payment_declined', 409: 'out_of_stock' });
      if (declined.status === 409) return afterSoldOut(context, customer);
      context.outcome('declined');
      const orderId = (declined.errorDetails as { orderId?: unknown } | undefined)?.orderId;
      if (typeof orderId !== 'string') return context.fail('a declined checkout did not name its order');
      await followOrder(context, customer, orderId, 'payment_failed');
      const cart = (await context.call({ route: ROUTES.cart, path: '/api/cart', token: customer.token, expect: { 200: true }, read: readCart })).data!;
      if (cart.itemCount === 0) context.fail('the cart was emptied by a declined checkout');
      if (!context.random.chance(0.6)) {
        context.outcome('gave_up');
        return;
      }
      // Another card: a new request, so a new Idempotency-Key.
      await context.think();
      const paid = await postCheckout(context, customer, checkoutBody(context, 'approved'), idempotencyKey(context), { 201: true, 409: 'out_of_stock' });
      if (paid.status === 409) return afterSoldOut(context, customer);
      context.outcome('paid_with_another_card');
      await followOrder(context, customer, paid.data!.orderId, 'confirmed');
    });
  },
};

export const checkoutRetry: Journey = {
  name: 'checkout-retry',
  description: 'a double-clicked "Place order", then a retry with the same Idempotency-Key: one order',
  weight: 2,
  async run(context) {
    await asCustomer(context, async (customer) => {
      if (!(await goToCheckout(context, customer))) return;
      const key = idempotencyKey(context);
      const body = checkoutBody(context, 'approved');
      // Both clicks at once: one runs, the other is told it is in progress (or replays a finished one).
      const clicks = await Promise.all([
        postCheckout(context, customer, body, key, { 201: true, 409: ['checkout_in_progress', 'out_of_stock'] }),
        postCheckout(context, customer, body, key, { 201: true, 409: ['checkout_in_progress', 'out_of_stock'] }),
      ]);
      const orders = new Set(clicks.flatMap((click) => (click.data ? [click.data.orderId] : [])));
      if (orders.size > 1) context.fail(`one Idempotency-Key made ${orders.size} orders: ${[...orders].join(', ')}`);
      if (clicks.every((click) => click.errorCode === 'checkout_in_progress')) context.fail('both checkouts with one key were told another one is in progress');
      // The page timed out on the customer, who presses again: the stored answer comes back.
      await context.think();
      const retry = await postCheckout(context, customer, body, key, { 201: true, 409: 'out_of_stock' });
      if (retry.status === 409) return afterSoldOut(context, customer);
      if (retry.headers.get('idempotent-replayed') !== 'true') context.fail('a retried checkout was not answered as a replay');
      const [first] = orders;
      if (first !== undefined && retry.data!.orderId !== first) context.fail(`the retry answered order ${retry.data!.orderId}, the first checkout ${first}`);
      context.outcome('replayed');
      await followOrder(context, customer, retry.data!.orderId, 'confirmed');
    });
  },
};
