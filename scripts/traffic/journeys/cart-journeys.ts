// Customers filling carts: adding (and changing their mind about the quantity), and adding then
// leaving, which leaves an abandoned cart behind for a later journey of the same customer to find.
import { ROUTES } from '../shop-routes.ts';
import { readCart } from '../shop-responses.ts';
import type { Journey } from './journey.ts';
import { asCustomer, getCart, tidyAndAdd } from './shopper.ts';

export const addToCartJourney: Journey = {
  name: 'add-to-cart',
  description: 'a customer opens a product and adds it to the cart, sometimes two of it',
  weight: 9,
  async run(context) {
    await asCustomer(context, async (customer) => {
      const product = await tidyAndAdd(context, customer, 2);
      if (!product) return;
      if (context.random.chance(0.4)) {
        await context.think();
        const answer = await context.call({
          route: ROUTES.updateItem,
          path: `/api/cart/items/${encodeURIComponent(product.id)}`,
          token: customer.token,
          body: { quantity: 2 },
          expect: { 200: true, 409: 'out_of_stock' },
          read: readCart,
        });
        if (answer.status === 409) context.outcome('sold_out_at_update');
      }
    });
  },
};

export const abandonCart: Journey = {
  name: 'abandon-cart',
  description: 'a customer adds something, looks at the cart, and leaves without paying',
  weight: 6,
  async run(context) {
    await asCustomer(context, async (customer) => {
      const product = await tidyAndAdd(context, customer, 2);
      if (!product) return;
      await context.think();
      const cart = await getCart(context, customer);
      if (!cart.items.some((line) => line.productId === product.id)) context.fail(`${product.id} was added but is not in the cart`);
      context.outcome('abandoned');
    });
  },
};
