import type { Cart } from '@shopfast/contracts';
import type { ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

export type { Cart, CartItem } from '@shopfast/contracts';

export function createCartClient(client: ServiceClient) {
  // The cart is the customer's: our token names them (sub), which is all the cart service trusts.
  return {
    /** The cart priced by the cart service from the product service's current prices. */
    async getCart(userId: string, requestId?: string): Promise<Cart> {
      const response = await client.get<Cart>('/cart', { actingFor: { userId }, headers: { 'x-request-id': requestId } });
      if (response.status === 200) return response.body;
      throw unexpectedAnswer('cart', response);
    },

    async clear(userId: string, requestId?: string): Promise<void> {
      const response = await client.request({ method: 'DELETE', path: '/cart', actingFor: { userId }, headers: { 'x-request-id': requestId } });
      if (response.status !== 204 && response.status !== 200) throw unexpectedAnswer('cart', response);
    },
  };
}

export type CartClient = ReturnType<typeof createCartClient>;
