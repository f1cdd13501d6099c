// Steps several journeys share: signing up, logging in, looking at a product, filling and tidying a
// cart, paying. Each states the statuses it expects from the shop.
import { ROUTES } from '../shop-routes.ts';
import { readCart, readProduct, readSession, type Cart, type Product } from '../shop-responses.ts';
import type { Customer } from '../user-pool.ts';
import type { JourneyContext } from './journey.ts';

/** Cards of the simulated processor (services/payment/src/domain/card-processor.ts). */
export const CARDS = {
  approved: ['4242424242424242', '5555555555554444'],
  declined: ['4000000000000002', '4000000000009995'],
} as const;

const ADDRESSES = [
  { name: 'Ada Lovelace', line1: '1 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' },
  { name: 'Grace Hopper', line1: '9 Compiler Street', city: 'Arlington', postalCode: '22201', country: 'US' },
  { name: 'Alan Turing', line1: '2 Enigma Road', city: 'Manchester', postalCode: 'M1 1AA', country: 'GB' },
  { name: 'Emmy Noether', line1: 'Symmetrieweg 3', city: 'Erlangen', postalCode: '91054', country: 'DE' },
  { name: 'Marie Curie', line1: '11 rue Pierre', city: 'Paris', postalCode: '75005', country: 'FR' },
];

/** A checkout request body: a random address, the method, and a card of the wanted kind. */
export function checkoutBody(context: JourneyContext, card: 'approved' | 'declined') {
  const address = context.random.pick(ADDRESSES);
  return {
    shippingAddress: address,
    shippingMethod: context.random.chance(0.8) ? 'standard' : 'express',
    payment: { cardNumber: context.random.pick(CARDS[card]), expMonth: 1 + context.random.int(12), expYear: new Date().getUTCFullYear() + 2, cvc: '123' },
  };
}

export async function signUp(context: JourneyContext): Promise<Customer> {
  const identity = context.users.newIdentity();
  const answer = await context.call({ route: ROUTES.signup, path: '/api/auth/signup', body: identity, expect: { 201: true }, read: readSession });
  const session = answer.data!;
  return context.users.addLeased({ ...identity, userId: session.userId, token: session.token, tokenAt: Date.now() });
}

export async function logIn(context: JourneyContext, customer: Customer): Promise<void> {
  const answer = await context.call({
    route: ROUTES.login,
    path: '/api/auth/login',
    body: { email: customer.email, password: customer.password },
    expect: { 200: true },
    read: readSession,
  });
  customer.token = answer.data!.token;
  customer.tokenAt = Date.now();
}

/**
 * Runs `steps` as a returning customer (leased from the pool, logged in again when the token is
 * old), or as a new one who signs up first when every known customer is busy.
 */
export async function asCustomer(context: JourneyContext, steps: (customer: Customer) => Promise<void>): Promise<void> {
  let customer = context.users.lease(context.random);
  if (!customer) {
    customer = await signUp(context);
    context.outcome('new_customer');
    await context.think();
  } else if (context.users.needsLogin(customer)) {
    await logIn(context, customer);
    await context.think();
  }
  try {
    await steps(customer);
  } finally {
    context.users.release(customer);
  }
}

/** The product page of something in stock (as last seen), as a shopper landing from a link. */
export async function viewProduct(context: JourneyContext, productId?: string): Promise<Product> {
  const id = productId ?? context.catalog.pickInStock(context.random)?.id ?? 'p-0001';
  const answer = await context.call({ route: ROUTES.product, path: `/api/products/${encodeURIComponent(id)}`, expect: { 200: true }, read: readProduct });
  const product = answer.data!;
  context.catalog.learn([product]);
  return product;
}

export async function getCart(context: JourneyContext, customer: Customer): Promise<Cart> {
  return (await context.call({ route: ROUTES.cart, path: '/api/cart', token: customer.token, expect: { 200: true }, read: readCart })).data!;
}

/** Adds to the cart; false when the shop says it is sold out (the shopper moves on). */
export async function addToCart(context: JourneyContext, customer: Customer, product: Product, quantity = 1): Promise<boolean> {
  const answer = await context.call({
    route: ROUTES.addItem,
    path: '/api/cart/items',
    token: customer.token,
    body: { productId: product.id, quantity },
    expect: { 200: true, 409: 'out_of_stock' },
    read: readCart,
  });
  if (answer.status === 409) {
    context.catalog.soldOut(product.id);
    context.outcome('sold_out_at_add');
    return false;
  }
  return true;
}

export async function removeFromCart(context: JourneyContext, customer: Customer, productId: string): Promise<void> {
  await context.call({
    route: ROUTES.removeItem,
    path: `/api/cart/items/${encodeURIComponent(productId)}`,
    token: customer.token,
    // 404: already gone (a checkout emptied it meanwhile); the shopper wanted it gone anyway.
    expect: { 200: true, 404: 'item_not_in_cart' },
    read: readCart,
  });
}

/**
 * Opens the cart and removes what a shopper would not buy again: lines sold out since, and all but
 * the newest `keep` lines (an earlier abandoned cart), so carts stay small over a long run.
 */
export async function tidyCart(context: JourneyContext, customer: Customer, keep = 1): Promise<void> {
  const cart = await getCart(context, customer);
  const stale = cart.items.filter((line, index) => !line.available || index < cart.items.length - keep);
  for (const line of stale) await removeFromCart(context, customer, line.productId);
}

/**
 * A product page, then "Add to cart"; up to three products when the first ones sold out.
 * Returns the product added, or undefined when all three were gone.
 */
export async function pickAndAdd(context: JourneyContext, customer: Customer): Promise<Product | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const product = await viewProduct(context);
    await context.think();
    if (product.available && (await addToCart(context, customer, product, 1))) return product;
  }
  return undefined;
}

/**
 * Makes room in the cart (keeping its last `keep` lines), then adds a product: the start of every journey that
 * fills a cart. Records the outcome `nothing_in_stock` and returns undefined when three products in a row were
 * sold out.
 */
export async function tidyAndAdd(context: JourneyContext, customer: Customer, keep: number): Promise<Product | undefined> {
  await tidyCart(context, customer, keep);
  const product = await pickAndAdd(context, customer);
  if (!product) context.outcome('nothing_in_stock');
  return product;
}

/** The checkout page asks for shipping quotes for the address (half of the time: a returning address is remembered). */
export async function maybeQuoteShipping(context: JourneyContext): Promise<void> {
  if (!context.random.chance(0.5)) return;
  await context.call({
    route: ROUTES.quotes,
    path: '/api/shipping/quotes',
    body: { country: context.random.pick(['US', 'US', 'GB', 'DE', 'FR']), postalCode: '12345', weightKg: 1 + context.random.int(5) },
    expect: { 200: true },
  });
}
