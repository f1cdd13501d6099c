export { LOW_STOCK_THRESHOLD, type Product, type Page, type FacetBucket, type SearchResult } from './catalog';
export type { Cart, CartItem } from './cart';
export type { ShippingMethod, ShippingQuote, ShippingAddress, Shipment } from './shipping';
export type { Order, OrderItem, OrderStatus, CheckoutRequest, CheckoutResult } from './order';
export { CUSTOMER_TOKEN, type User, type AuthResult } from './user';
