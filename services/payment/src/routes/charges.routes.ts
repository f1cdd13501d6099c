import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate } from '@shopfast/service-kit';
import { isExpired, normaliseCardNumber, passesLuhn } from '../domain/card';
import { chargeResult, type Payments } from '../domain/payments';

const token = (what: string, max: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,${max - 1}}$`), `must be ${what} (letters, digits, - _ . :; at most ${max})`);

/**
 * Card checks report which field is wrong, never its value: zod messages here are fixed strings and
 * validate() copies only path and message, so no card number or CVC reaches a response or a log.
 */
const card = z
  .object({
    number: z
      .string({ error: 'must be a string of digits' })
      .transform(normaliseCardNumber)
      .refine((digits) => /^\d{12,19}$/.test(digits), 'must be 12 to 19 digits')
      .refine(passesLuhn, 'is not a valid card number (Luhn check)'),
    expMonth: z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be 1-12').max(12, 'must be 1-12'),
    expYear: z.number({ error: 'must be a number' }).int('must be an integer').min(2000, 'must be a four-digit year').max(2100, 'must be a four-digit year'),
    cvc: z.string({ error: 'must be a string of 3 or 4 digits' }).regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
  })
  .strict()
  .refine((value) => !isExpired(value.expMonth, value.expYear), { message: 'the card has expired', path: ['expYear'] });

const chargeBody = z
  .object({
    idempotencyKey: token('an idempotency key', 200),
    orderId: token('an order id', 100),
    amount: z
      .number({ error: 'must be a number' })
      .positive('must be > 0')
      .max(1_000_000, 'must be <= 1000000')
      .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'at most two decimals'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code like USD'),
    card,
  })
  .strict();

const chargeParams = z.object({ id: z.uuid({ error: 'must be a charge id' }) });
const closeBody = z.object({ idempotencyKey: token('an idempotency key', 200), orderId: token('an order id', 100) }).strict();
const listQuery = z.object({ orderId: token('an order id', 100) }).strict();

/**
 * Money moves only for checkouts: the order service is the one caller of every charge route, so a
 * request through the gateway (or anyone else on the network) cannot charge, refund or read the ledger.
 */
const fromOrder = requireCaller({ from: ['order'] });

export function chargeRoutes(payments: Payments): Router {
  const router = Router();

  router.post('/charges', fromOrder, validate({ body: chargeBody }), async (req, res) => {
    const charge = await payments.charge(req.body as z.infer<typeof chargeBody>);
    res.status(201).json(chargeResult(charge));
  });

  // The order's compensation gives up on a payment: answers its charge, or closes the key for good.
  router.post('/charges/close', fromOrder, validate({ body: closeBody }), async (req, res) => {
    const { idempotencyKey, orderId } = req.body as z.infer<typeof closeBody>;
    res.json(await payments.close(idempotencyKey, orderId));
  });

  router.post('/charges/:id/refund', fromOrder, validate({ params: chargeParams }), async (req, res) => {
    res.json(await payments.refund(req.params.id as string));
  });

  router.get('/charges', fromOrder, validate({ query: listQuery }), async (req, res) => {
    res.json(await payments.listByOrder((req.query as unknown as z.infer<typeof listQuery>).orderId));
  });

  return router;
}
