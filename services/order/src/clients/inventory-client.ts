import type { ServiceClient } from '@shopfast/service-kit';
import { errorCode, unexpectedAnswer } from './upstream';

export interface ShortItem {
  sku: string;
  requested: number;
  available: number;
}

export type ReservationResult = { ok: true } | { ok: false; shortItems: ShortItem[] };

export function createInventoryClient(client: ServiceClient) {
  return {
    /** Reserves every item or none. The reservation id is the order id, so a retried call is idempotent. */
    async reserve(input: { reservationId: string; orderId: string; items: Array<{ sku: string; quantity: number }>; ttlSeconds: number }): Promise<ReservationResult> {
      const response = await client.post('/reservations', input, { idempotent: true });
      if (response.status === 201 || response.status === 200) return { ok: true };
      if (response.status === 409 && errorCode(response) === 'out_of_stock') {
        const details = (response.body as { error: { details?: { items?: ShortItem[] } } }).error.details;
        return { ok: false, shortItems: details?.items ?? [] };
      }
      throw unexpectedAnswer('inventory', response);
    },

    async commit(reservationId: string): Promise<void> {
      const response = await client.post(`/reservations/${encodeURIComponent(reservationId)}/commit`, {}, { idempotent: true });
      if (response.status !== 200) throw unexpectedAnswer('inventory', response);
    },

    /** Gives the stock back. Safe to call twice; a reservation already committed stays committed. */
    async release(reservationId: string): Promise<void> {
      const response = await client.post(`/reservations/${encodeURIComponent(reservationId)}/release`, {}, { idempotent: true });
      if (response.status !== 200 && response.status !== 404) throw unexpectedAnswer('inventory', response);
    },
  };
}

export type InventoryClient = ReturnType<typeof createInventoryClient>;
