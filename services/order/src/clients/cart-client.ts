import type { Cart } from '@shopfast/contracts';
import type { ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

export type { Cart, CartItem } from '@shopfast/contracts';

export function createCartClient(client: ServiceClient) {
  return {
    /** The cart priced by the cart service from the product service's current prices. */
    async getCart(userId: string, requestId?: string): Promise<Cart> {
      const response = await client.get<Cart>('/cart', { headers: { 'x-user-id': userId, 'x-request-id': requestId } });
      if (response.status === 200) return response.body;
      throw unexpectedAnswer('cart', response);
    },

    async clear(userId: string, requestId?: string): Promise<void> {
      const response = await client.request({ method: 'DELETE', path: '/cart', headers: { 'x-user-id': userId, 'x-request-id': requestId } });
      if (response.status !== 204 && response.status !== 200) throw unexpectedAnswer('cart', response);
    },
  };
}

export type CartClient = ReturnType<typeof createCartClient>;
