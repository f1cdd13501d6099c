import { z } from 'zod';
import { reservationShortage, type ReservationRequest } from '@shopfast/contracts';
import type { ServiceClient } from '@shopfast/service-kit';
import { errorCode, unexpectedAnswer } from './upstream';

/** 409 out_of_stock from POST /reservations: which items are short (ReservationShortage in the contract). */
const outOfStock = z.object({ error: z.object({ details: reservationShortage }) });

export type ShortItem = z.infer<typeof reservationShortage>['items'][number];

/** Longer than inventory's own wait for a busy SKU lock (5 s), so we do not give up on a reservation it still completes. */
const RESERVATION_TIMEOUT_MS = 8_000;
/** How long a cancel waits for a reservation that is still being taken before giving up to its expiry. */
const CANCEL_PATIENCE_MS = 15_000;

export type ReservationResult = { ok: true } | { ok: false; shortItems: ShortItem[] };

export function createInventoryClient(client: ServiceClient) {
  return {
    /** Reserves every item or none. The reservation id is the order id, so a retried call is idempotent. */
    async reserve(input: ReservationRequest): Promise<ReservationResult> {
      // Inventory serialises writes per SKU, so under a rush a reservation can take seconds: wait for it
      // rather than give up while it completes (the reservation id makes retries safe).
      const response = await client.post('/reservations', input, { idempotent: true, timeoutMs: RESERVATION_TIMEOUT_MS });
      if (response.status === 201 || response.status === 200) return { ok: true };
      if (response.status === 409 && errorCode(response) === 'out_of_stock') {
        return { ok: false, shortItems: outOfStock.safeParse(response.body).data?.error.details.items ?? [] };
      }
      throw unexpectedAnswer('inventory', response);
    },

    async commit(reservationId: string): Promise<void> {
      const response = await client.post(`/reservations/${encodeURIComponent(reservationId)}/commit`, {}, { idempotent: true, timeoutMs: RESERVATION_TIMEOUT_MS });
      if (response.status !== 200) throw unexpectedAnswer('inventory', response);
    },

    /**
     * Undoes the reservation of a failed order, whatever happened to it: held units are released and
     * committed ones put back on sale. Tried even when inventory has been failing (circuit open), and
     * a reservation that never got created (404) needs no undo.
     */
    async cancel(reservationId: string): Promise<void> {
      // A reservation still being taken (its reserve call outlived our timeout) cannot be cancelled
      // until it settles: wait for it, bounded, then leave the rest to its expiry.
      const deadline = Date.now() + CANCEL_PATIENCE_MS;
      for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
        const response = await client.post(`/reservations/${encodeURIComponent(reservationId)}/cancel`, {}, { idempotent: true, bypassCircuitBreaker: true, timeoutMs: RESERVATION_TIMEOUT_MS });
        if (response.status === 200 || response.status === 404) return;
        if (errorCode(response) !== 'reservation_pending' || Date.now() + delay > deadline) throw unexpectedAnswer('inventory', response);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    },
  };
}

export type InventoryClient = ReturnType<typeof createInventoryClient>;
