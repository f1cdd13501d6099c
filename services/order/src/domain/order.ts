export type OrderStatus = 'pending' | 'confirmed' | 'payment_failed' | 'out_of_stock' | 'failed';
export type ShippingMethod = 'standard' | 'express';

export interface ShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderItem {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  shippingCost: number;
  total: number;
  shippingMethod: ShippingMethod;
  shippingAddress: ShippingAddress;
  items: OrderItem[];
  payment: { brand: string; last4: string } | null;
  failureCode: string | null;
  createdAt: string;
}

/** Money is added in integer cents so 0.1 + 0.2 never shows up on an invoice. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
