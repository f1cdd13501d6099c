import { errorResponse, shipment, shippingQuotes, type Shipment, type ShippingQuote, type ShippingQuoteRequest } from '@shopfast/contracts';
import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

export type Quote = ShippingQuote;
export type { Shipment } from '@shopfast/contracts';

export function createShippingClient(client: ServiceClient) {
  return {
    async quote(input: ShippingQuoteRequest): Promise<Quote[]> {
      const response = await client.post('/quotes', input, { idempotent: true });
      const parsed = shippingQuotes.safeParse(response.body);
      if (response.status === 200 && parsed.success) return parsed.data.quotes;
      if (response.status === 400) {
        // Shipping refused the address. The customer reads this service's words, not a peer's; shipping's
        // field problems go along as details only when its answer has the error shape (any body is safe).
        const refusal = errorResponse.safeParse(response.body);
        throw new AppError('address_not_shippable', 'We cannot ship to this address', 400, refusal.success ? refusal.data.error.details : undefined);
      }
      throw unexpectedAnswer('shipping', response);
    },

    /** The shipment of an order, or null when none exists yet (or shipping cannot tell right now). */
    async shipmentFor(orderId: string): Promise<Shipment | null> {
      try {
        const response = await client.get(`/shipments/${encodeURIComponent(orderId)}`, { timeoutMs: 1_500 });
        const parsed = shipment.safeParse(response.body);
        return response.status === 200 && parsed.success ? parsed.data : null;
      } catch {
        // An order page must still load when shipping is down; the shipment shows as unknown.
        return null;
      }
    },
  };
}

export type ShippingClient = ReturnType<typeof createShippingClient>;
