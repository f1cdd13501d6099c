import { z } from 'zod';
import { cart, cartItem } from '@shopfast/contracts';
import type { ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

/** The parts of the Cart contract a checkout prices from; the rest of the answer is the storefront's. */
const checkoutCart = cart.pick({ itemCount: true, currency: true }).extend({
  items: z.array(cartItem.pick({ productId: true, sku: true, name: true, unitPrice: true, quantity: true })),
});

export type CheckoutCart = z.infer<typeof checkoutCart>;

export function createCartClient(client: ServiceClient) {
  // The cart is the customer's: our token names them (sub), which is all the cart service trusts.
  return {
    /** The cart priced by the cart service from the product service's current prices. */
    async getCart(userId: string, requestId?: string): Promise<CheckoutCart> {
      const response = await client.get('/cart', { actingFor: { userId }, headers: { 'x-request-id': requestId } });
      const parsed = checkoutCart.safeParse(response.body);
      if (response.status === 200 && parsed.success) return parsed.data;
      throw unexpectedAnswer('cart', response);
    },

    async clear(userId: string, requestId?: string): Promise<void> {
      const response = await client.request({ method: 'DELETE', path: '/cart', actingFor: { userId }, headers: { 'x-request-id': requestId } });
      if (response.status !== 204 && response.status !== 200) throw unexpectedAnswer('cart', response);
    },
  };
}

export type CartClient = ReturnType<typeof createCartClient>;
