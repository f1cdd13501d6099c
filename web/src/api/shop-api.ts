// One function per public API call the storefront makes.
import { apiRequest } from './http';
import type {
  AddCartItemBody,
  AuthResponse,
  Cart,
  CheckoutRequest,
  CheckoutResult,
  LoginRequest,
  Order,
  OrderPage,
  Product,
  ProductPage,
  SearchQuery,
  SearchResult,
  SearchSuggestions,
  ShippingQuoteRequest,
  ShippingQuotes,
  SignupRequest,
  UpdateCartItemBody,
} from './types';

/** GET /api/search parameters as the contract parses them (searchQuery); every one optional here. */
export type SearchParams = Partial<SearchQuery>;

export function toQuery(params: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const shopApi = {
  search: (params: SearchParams, signal?: AbortSignal) => apiRequest<SearchResult>(`/api/search${toQuery(params)}`, { signal }),
  suggest: (q: string, signal?: AbortSignal) =>
    apiRequest<SearchSuggestions>(`/api/search/suggest${toQuery({ q })}`, { signal, timeoutMs: 4_000 }),
  products: (params: { category?: string; page?: number; limit?: number }, signal?: AbortSignal) =>
    apiRequest<ProductPage>(`/api/products${toQuery(params)}`, { signal }),
  product: (id: string, signal?: AbortSignal) => apiRequest<Product>(`/api/products/${encodeURIComponent(id)}`, { signal }),

  signup: (body: SignupRequest) => apiRequest<AuthResponse>('/api/auth/signup', { method: 'POST', body }),
  login: (body: LoginRequest) => apiRequest<AuthResponse>('/api/auth/login', { method: 'POST', body }),

  cart: (token: string, signal?: AbortSignal) => apiRequest<Cart>('/api/cart', { token, signal }),
  addToCart: (token: string, productId: string, quantity: number) =>
    apiRequest<Cart>('/api/cart/items', { method: 'POST', token, body: { productId, quantity } satisfies AddCartItemBody }),
  setQuantity: (token: string, productId: string, quantity: number) =>
    apiRequest<Cart>(`/api/cart/items/${encodeURIComponent(productId)}`, { method: 'PATCH', token, body: { quantity } satisfies UpdateCartItemBody }),
  removeItem: (token: string, productId: string) =>
    apiRequest<Cart>(`/api/cart/items/${encodeURIComponent(productId)}`, { method: 'DELETE', token }),

  quotes: (body: ShippingQuoteRequest, signal?: AbortSignal) => apiRequest<ShippingQuotes>('/api/shipping/quotes', { method: 'POST', body, signal }),
  checkout: (token: string, body: CheckoutRequest, idempotencyKey: string) =>
    apiRequest<CheckoutResult>('/api/checkout', {
      method: 'POST',
      token,
      body,
      headers: { 'idempotency-key': idempotencyKey },
      timeoutMs: 30_000,
    }),
  orders: (token: string, params: { page?: number; limit?: number } = {}, signal?: AbortSignal) =>
    apiRequest<OrderPage>(`/api/orders${toQuery(params)}`, { token, signal }),
  order: (token: string, id: string, signal?: AbortSignal) =>
    apiRequest<Order>(`/api/orders/${encodeURIComponent(id)}`, { token, signal }),
};
