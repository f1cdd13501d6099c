// Shapes of the public API (/api/* on the gateway): the contract's own types (@shopfast/contracts), the
// same definitions the services validate and answer with. Nothing is redeclared here.
import type { Order, Page, Product } from '@shopfast/contracts';

export type {
  Product,
  FacetBucket,
  SearchQuery,
  SearchSort,
  SearchResult,
  SearchSuggestions,
  Cart,
  CartItem,
  AddCartItemBody,
  UpdateCartItemBody,
  ShippingMethod,
  ShippingQuote,
  ShippingQuotes,
  ShippingQuoteRequest,
  ShippingAddress,
  Shipment,
  Order,
  OrderStatus,
  CheckoutRequest,
  CheckoutResult,
  User,
  LoginRequest,
  SignupRequestInput as SignupRequest,
  ErrorResponse,
} from '@shopfast/contracts';
export type { AuthResult as AuthResponse } from '@shopfast/contracts';

export type ProductPage = Page<Product>;
export type OrderPage = Page<Order>;
