// Shapes of the public API (/api/* on the gateway): the same definitions the services answer with.
import type { Order, Page, Product } from '@shopfast/contracts';

export type {
  Product,
  FacetBucket,
  SearchResult,
  Cart,
  CartItem,
  ShippingMethod,
  ShippingQuote,
  ShippingAddress,
  Shipment,
  Order,
  CheckoutRequest,
  CheckoutResult,
  User,
} from '@shopfast/contracts';
export type { AuthResult as AuthResponse } from '@shopfast/contracts';

export type ProductPage = Page<Product>;
export type OrderPage = Page<Order>;
