// Accounts: new customers signing up, returning ones logging in, and customers looking at their
// orders. Logins are throttled per IP at the gateway (LOGIN_RATE_LIMIT_POINTS a minute): the weight
// of log-in keeps a run at 20 journeys/s under the local budget (docs/decisions/013).
import { ROUTES } from '../shop-routes.ts';
import { readObject, readOrder, readOrderPage } from '../shop-responses.ts';
import type { Journey } from './journey.ts';
import { asCustomer, getCart, logIn, signUp } from './shopper.ts';

export const signUpJourney: Journey = {
  name: 'sign-up',
  description: 'a new customer creates an account and lands logged in',
  weight: 5,
  async run(context) {
    const customer = await signUp(context);
    try {
      await context.call({ route: ROUTES.me, path: '/api/me', token: customer.token, expect: { 200: true }, read: readObject });
      await getCart(context, customer);
    } finally {
      context.users.release(customer);
    }
  },
};

export const logInJourney: Journey = {
  name: 'log-in',
  description: 'a returning customer logs in and sees their account and cart',
  weight: 4,
  async run(context) {
    await asCustomer(context, async (customer) => {
      await logIn(context, customer);
      await context.call({ route: ROUTES.me, path: '/api/me', token: customer.token, expect: { 200: true }, read: readObject });
      await getCart(context, customer);
    });
  },
};

export const viewOrders: Journey = {
  name: 'view-orders',
  description: 'a customer opens their order history and one order',
  weight: 7,
  async run(context) {
    await asCustomer(context, async (customer) => {
      const orders = (await context.call({ route: ROUTES.orders, path: '/api/orders', token: customer.token, expect: { 200: true }, read: readOrderPage })).data!;
      if (orders.items.length === 0) {
        context.outcome('no_orders_yet');
        return;
      }
      if (!context.random.chance(0.6)) return;
      await context.think();
      const wanted = context.random.pick(orders.items);
      const order = (await context.call({ route: ROUTES.order, path: `/api/orders/${encodeURIComponent(wanted.id)}`, token: customer.token, expect: { 200: true }, read: readOrder })).data!;
      if (order.id !== wanted.id) context.fail(`asked for order ${wanted.id}, got ${order.id}`);
    });
  },
};
