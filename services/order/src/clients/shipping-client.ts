import type { Shipment, ShippingQuote } from '@shopfast/contracts';
import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

export type Quote = ShippingQuote;
export type { Shipment } from '@shopfast/contracts';

export function createShippingClient(client: ServiceClient) {
  return {
    async quote(input: { country: string; postalCode: string; weightKg: number }): Promise<Quote[]> {
      const response = await client.post<{ quotes: Quote[] }>('/quotes', input, { idempotent: true });
      if (response.status === 200) return response.body.quotes;
      if (response.status === 400) {
        const body = response.body as unknown as { error: { message: string; details?: unknown } };
        throw new AppError('address_not_shippable', body.error.message, 400, body.error.details);
      }
      throw unexpectedAnswer('shipping', response);
    },

    /** The shipment of an order, or null when none exists yet (or shipping cannot tell right now). */
    async shipmentFor(orderId: string): Promise<Shipment | null> {
      try {
        const response = await client.get<Shipment>(`/shipments/${encodeURIComponent(orderId)}`, { timeoutMs: 1_500 });
        return response.status === 200 ? response.body : null;
      } catch {
        // An order page must still load when shipping is down; the shipment shows as unknown.
        return null;
      }
    },
  };
}

export type ShippingClient = ReturnType<typeof createShippingClient>;
