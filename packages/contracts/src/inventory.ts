import { z } from 'zod';
import { pageOf, pageQuery } from './common';
import { shortItem } from './order';

/** A SKU: letters, digits, - and _, at most 64, starting with a letter or digit. */
export const sku = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a SKU (letters, digits, - and _; at most 64)');
export const skuParams = z.object({ sku });

/**
 * Stock of one SKU. `available` can be reserved; `reserved` is held for open orders. `version` grows by
 * one with every change, so whoever copies these numbers can tell a newer level from an older one.
 */
export const stockLevel = z
  .object({
    sku: z.string(),
    productId: z.string(),
    available: z.number().int().meta({ description: 'Units that can be ordered now.' }),
    reserved: z.number().int().meta({ description: 'Units held for open checkouts.' }),
    version: z.number().int().meta({ description: 'Grows by one with every change of this SKU.' }),
  })
  .meta({ id: 'StockLevel', description: "A SKU's stock (internal GET /stock/:sku; answer of PUT /api/admin/inventory/:sku)." });
export type StockLevel = z.infer<typeof stockLevel>;

/** GET /stock?page=&limit=: every SKU's level, by SKU (the catalog reconciles with it). */
export const stockPageQuery = pageQuery({ maxPage: 10_000, maxLimit: 500, defaultLimit: 100 }).strict();
export const stockPage = pageOf(stockLevel).meta({ id: 'StockPage', description: "Internal GET /stock: a page of every SKU's level." });
export type StockPage = z.infer<typeof stockPage>;

/** PUT /api/admin/inventory/:sku body (administrators): the units available from now on. */
export const setStockBody = z
  .object({ available: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be >= 0').max(1_000_000, 'must be <= 1000000') })
  .strict()
  .meta({ id: 'SetStock', description: "PUT /api/admin/inventory/:sku: the SKU's available units from now on (administrators)." });
export type SetStockBody = z.infer<typeof setStockBody>;

const reservationToken = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, `must be ${what} (letters, digits, - and _; at most 100)`);

export const reservationItem = z
  .object({ sku, quantity: z.number().int('must be an integer').min(1, 'must be >= 1').max(1_000, 'must be <= 1000') })
  .strict();
export type ReservationItem = z.infer<typeof reservationItem>;

/** POST /reservations body (the order service): all items or none; the same reservationId is idempotent. */
export const reservationRequest = z
  .object({
    reservationId: reservationToken('a reservation id'),
    orderId: reservationToken('an order id'),
    items: z.array(reservationItem).min(1, 'at least one item').max(100, 'at most 100 items'),
    ttlSeconds: z.number().int('must be an integer').min(1, 'must be >= 1').max(86_400, 'must be <= 86400').optional(),
  })
  .strict()
  .meta({ id: 'ReservationRequest', description: 'Internal POST /reservations: hold every item or none.' });
export type ReservationRequest = z.infer<typeof reservationRequest>;

export const reservationParams = z.object({ id: reservationToken('a reservation id') });

/**
 * `pending` exists only while the units of a new reservation are being taken; `committing`,
 * `releasing` and `restocking` only while a commit, release or cancel moves them.
 */
export const reservationStatus = z.enum(['pending', 'held', 'committing', 'committed', 'releasing', 'restocking', 'released']);
export type ReservationStatus = z.infer<typeof reservationStatus>;

/** POST /reservations answer (201). */
export const reservation = z
  .object({
    reservationId: z.string(),
    status: reservationStatus,
    expiresAt: z.string().meta({ description: 'ISO 8601; a held reservation is released after it.' }),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  })
  .meta({ id: 'Reservation', description: 'Internal POST /reservations answer (201).' });
export type Reservation = z.infer<typeof reservation>;

/** POST /reservations/:id/{commit,release,cancel} answer. */
export const reservationOutcome = z
  .object({ reservationId: z.string(), status: reservationStatus })
  .meta({ id: 'ReservationOutcome', description: 'Internal: answer of POST /reservations/:id/commit, /release and /cancel.' });
export type ReservationOutcome = z.infer<typeof reservationOutcome>;

/** `details` of 409 out_of_stock from POST /reservations: nothing was reserved. */
export const reservationShortage = z
  .object({ items: z.array(shortItem.pick({ sku: true, requested: true, available: true })) })
  .meta({ id: 'ReservationShortage', description: 'Internal: details of 409 out_of_stock from POST /reservations.' });
export type ReservationShortage = z.infer<typeof reservationShortage>;
