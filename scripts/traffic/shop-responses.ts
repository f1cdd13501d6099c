// Readers for the shop's answers: only the fields the journeys use, checked by hand (the generator
// runs with no dependencies, so not with the contracts' zod schemas). A reader that throws makes the
// request an error: an answer the shop's own storefront could not use is a failure too.

export interface Product {
  id: string;
  sku: string;
  name: string;
  category: string;
  brand: string;
  price: number;
  stock: number;
  available: boolean;
}

export interface ProductPage {
  items: Product[];
  total: number;
}

export interface CartLine {
  productId: string;
  quantity: number;
  /** In stock as the cart last priced it. */
  available: boolean;
}

export interface Cart {
  items: CartLine[];
  itemCount: number;
}

export interface Session {
  token: string;
  userId: string;
  email: string;
}

export interface Confirmation {
  orderId: string;
  status: string;
  total: number;
}

export interface OrderPage {
  items: Array<{ id: string; status: string }>;
  total: number;
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Json;
}

function field<T>(owner: Json, key: string, type: 'string' | 'number' | 'boolean', what: string): T {
  const value = owner[key];
  if (typeof value !== type) throw new Error(`${what}.${key} is not a ${type}`);
  return value as T;
}

function list(owner: Json, key: string, what: string): unknown[] {
  const value = owner[key];
  if (!Array.isArray(value)) throw new Error(`${what}.${key} is not a list`);
  return value;
}

export function readProduct(body: unknown): Product {
  const product = object(body, 'product');
  return {
    id: field(product, 'id', 'string', 'product'),
    sku: field(product, 'sku', 'string', 'product'),
    name: field(product, 'name', 'string', 'product'),
    category: field(product, 'category', 'string', 'product'),
    brand: field(product, 'brand', 'string', 'product'),
    price: field(product, 'price', 'number', 'product'),
    stock: field(product, 'stock', 'number', 'product'),
    available: field(product, 'available', 'boolean', 'product'),
  };
}

/** GET /api/products and GET /api/search answer the same page shape. */
export function readProductPage(body: unknown): ProductPage {
  const page = object(body, 'page');
  return { items: list(page, 'items', 'page').map(readProduct), total: field(page, 'total', 'number', 'page') };
}

export function readSuggestions(body: unknown): string[] {
  return list(object(body, 'suggestions'), 'suggestions', 'answer').map((value) => {
    if (typeof value !== 'string') throw new Error('a suggestion is not a string');
    return value;
  });
}

export function readSession(body: unknown): Omit<Session, 'email'> {
  const auth = object(body, 'auth answer');
  return { token: field(auth, 'token', 'string', 'auth answer'), userId: field(object(auth.user, 'user'), 'id', 'string', 'user') };
}

export function readCart(body: unknown): Cart {
  const cart = object(body, 'cart');
  const items = list(cart, 'items', 'cart').map((line) => {
    const item = object(line, 'cart line');
    return {
      productId: field<string>(item, 'productId', 'string', 'cart line'),
      quantity: field<number>(item, 'quantity', 'number', 'cart line'),
      available: field<boolean>(item, 'available', 'boolean', 'cart line'),
    };
  });
  return { items, itemCount: field(cart, 'itemCount', 'number', 'cart') };
}

export function readConfirmation(body: unknown): Confirmation {
  const answer = object(body, 'checkout answer');
  const status = field<string>(answer, 'status', 'string', 'checkout answer');
  if (status !== 'confirmed') throw new Error(`a 201 checkout has status ${status}, not confirmed`);
  return { orderId: field(answer, 'orderId', 'string', 'checkout answer'), status, total: field(answer, 'total', 'number', 'checkout answer') };
}

export function readOrderPage(body: unknown): OrderPage {
  const page = object(body, 'orders');
  const items = list(page, 'items', 'orders').map((entry) => {
    const order = object(entry, 'order');
    return { id: field<string>(order, 'id', 'string', 'order'), status: field<string>(order, 'status', 'string', 'order') };
  });
  return { items, total: field(page, 'total', 'number', 'orders') };
}

export function readOrder(body: unknown): { id: string; status: string } {
  const order = object(body, 'order');
  return { id: field(order, 'id', 'string', 'order'), status: field(order, 'status', 'string', 'order') };
}

/** Any JSON object (an answer the journey does not read further). */
export function readObject(body: unknown): Json {
  return object(body, 'answer');
}
