import { Router } from 'express';
import { reservationParams, reservationRequest, type ReservationOutcome, type Reservation as ReservationBody, type ReservationRequest } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Inventory } from '../domain/inventory';
import type { Reservation } from '../model/stock';

const toBody = (reservation: Reservation): ReservationBody => ({
  reservationId: reservation.reservationId,
  status: reservation.status,
  expiresAt: reservation.expiresAt.toISOString(),
  items: reservation.items,
});

const toOutcome = (reservation: Reservation): ReservationOutcome => ({ reservationId: reservation.reservationId, status: reservation.status });

/**
 * Reservations are a checkout's: only the order service holds, commits, releases or cancels them, so
 * nobody else can hold stock hostage or put sold units back on sale. Stock reads stay open.
 */
const fromOrder = requireCaller({ from: ['order'] });

export function reservationRoutes(inventory: Inventory): Router {
  const router = Router();

  router.post('/reservations', fromOrder, validate({ body: reservationRequest }), async (req, res) => {
    res.status(201).json(toBody(await inventory.reserve(req.body as ReservationRequest)));
  });

  router.post('/reservations/:id/commit', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    res.json(toOutcome(await inventory.commit(req.params.id as string)));
  });

  router.post('/reservations/:id/release', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    res.json(toOutcome(await inventory.release(req.params.id as string)));
  });

  router.post('/reservations/:id/cancel', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    res.json(toOutcome(await inventory.cancel(req.params.id as string)));
  });

  return router;
}
