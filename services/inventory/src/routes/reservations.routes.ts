import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Inventory } from '../domain/inventory';
import type { Reservation } from '../domain/stock';
import { skuSchema } from './stock.routes';

const id = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, `must be ${what} (letters, digits, - and _; at most 100)`);

const reserveBody = z
  .object({
    reservationId: id('a reservation id'),
    orderId: id('an order id'),
    items: z
      .array(z.object({ sku: skuSchema, quantity: z.number().int('must be an integer').min(1, 'must be >= 1').max(1_000, 'must be <= 1000') }).strict())
      .min(1, 'at least one item')
      .max(100, 'at most 100 items'),
    ttlSeconds: z.number().int('must be an integer').min(1, 'must be >= 1').max(86_400, 'must be <= 86400').optional(),
  })
  .strict();

const reservationParams = z.object({ id: id('a reservation id') });

const toBody = (reservation: Reservation) => ({
  reservationId: reservation.reservationId,
  status: reservation.status,
  expiresAt: reservation.expiresAt.toISOString(),
  items: reservation.items,
});

/**
 * Reservations are a checkout's: only the order service holds, commits, releases or cancels them, so
 * nobody else can hold stock hostage or put sold units back on sale. Stock reads stay open.
 */
const fromOrder = requireCaller({ from: ['order'] });

export function reservationRoutes(inventory: Inventory): Router {
  const router = Router();

  router.post('/reservations', fromOrder, validate({ body: reserveBody }), async (req, res) => {
    res.status(201).json(toBody(await inventory.reserve(req.body as z.infer<typeof reserveBody>)));
  });

  router.post('/reservations/:id/commit', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    const reservation = await inventory.commit(req.params.id as string);
    res.json({ reservationId: reservation.reservationId, status: reservation.status });
  });

  router.post('/reservations/:id/release', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    const reservation = await inventory.release(req.params.id as string);
    res.json({ reservationId: reservation.reservationId, status: reservation.status });
  });

  router.post('/reservations/:id/cancel', fromOrder, validate({ params: reservationParams }), async (req, res) => {
    const reservation = await inventory.cancel(req.params.id as string);
    res.json({ reservationId: reservation.reservationId, status: reservation.status });
  });

  return router;
}
