// Shapes of the public API (/api/* on the gateway), as documented in the root README.

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  category: string;
  brand: string;
  imageUrl: string;
  rating: number;
  available: boolean;
}

export interface FacetBucket {
  value: string;
  count: number;
}

export interface SearchResult {
  items: Product[];
  total: number;
  page: number;
  limit: number;
  facets: { category: FacetBucket[]; brand: FacetBucket[]; price: FacetBucket[] };
}

export interface ProductPage {
  items: Product[];
  total: number;
  page: number;
  limit: number;
}

export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  imageUrl: string;
  unitPrice: number;
  currency: string;
  quantity: number;
  lineTotal: number;
}

export interface Cart {
  items: CartItem[];
  itemCount: number;
  subtotal: number;
  currency: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt?: string;
}

export interface AuthResponse {
  token: string;
  user: User;
}

export type ShippingMethod = 'standard' | 'express';

export interface ShippingQuote {
  method: ShippingMethod;
  amount: number;
  currency: string;
  estimatedDays: number;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface CheckoutRequest {
  shippingAddress: ShippingAddress;
  shippingMethod: ShippingMethod;
  payment: { cardNumber: string; expMonth: number; expYear: number; cvc: string };
}

export interface CheckoutResult {
  orderId: string;
  status: string;
  total: number;
  currency: string;
  items: Array<{ productId: string; name?: string; quantity: number; unitPrice?: number }>;
}

export interface Shipment {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  history: Array<{ status: string; at: string }>;
}

export interface Order {
  id: string;
  status: string;
  currency: string;
  subtotal: number;
  shippingCost: number;
  total: number;
  shippingMethod: ShippingMethod;
  shippingAddress: ShippingAddress;
  items: Array<{ productId: string; sku: string; name: string; unitPrice: number; quantity: number; lineTotal: number }>;
  payment: { brand: string; last4: string } | null;
  failureCode: string | null;
  createdAt: string;
  shipment?: Shipment | null;
}

export interface OrderPage {
  items: Order[];
  total: number;
  page: number;
  limit: number;
}
