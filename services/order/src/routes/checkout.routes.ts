import { Router } from 'express';
import { z } from 'zod';
import { badRequest, customerIdOf, requireCustomer, validate } from '@shopfast/service-kit';
import type { Checkout } from '../domain/checkout/checkout';
import { checkoutResponse } from './checkout-response';

/** Luhn checksum: catches mistyped card numbers before any order or stock is touched. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);

export const checkoutBody = z
  .object({
    shippingAddress: z
      .object({
        name: text(100),
        line1: text(200),
        city: text(100),
        postalCode: z.string().trim().regex(/^[A-Za-z0-9 -]{1,16}$/, 'letters, digits, spaces and dashes, at most 16'),
        country: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code')),
      })
      .strict(),
    shippingMethod: z.enum(['standard', 'express']),
    payment: z
      .object({
        cardNumber: z
          .string()
          .transform((value) => value.replace(/[\s-]/g, ''))
          .pipe(z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits').refine(passesLuhn, 'is not a valid card number')),
        expMonth: z.number().int().min(1).max(12),
        expYear: z.number().int().min(2000).max(2100),
        cvc: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
      })
      .strict()
      .refine((card) => new Date(Date.UTC(card.expYear, card.expMonth, 1)) > new Date(), { message: 'the card has expired', path: ['expYear'] }),
  })
  .strict();

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

export function checkoutRoutes(checkout: Checkout): Router {
  const router = Router();

  // Only the gateway, for the customer its token names (docs/decisions/010).
  router.post('/checkout', requireCustomer(['gateway']), validate({ body: checkoutBody }), async (req, res) => {
    const userId = customerIdOf(res);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 8 to 128 letters, digits, or . _ : -');
    }
    const body = req.body as z.infer<typeof checkoutBody>;
    const answer = await checkout.checkout({
      userId,
      idempotencyKey,
      requestId: String(res.locals.requestId),
      shippingAddress: body.shippingAddress,
      shippingMethod: body.shippingMethod,
      payment: body.payment,
    });
    if (answer.replayed) res.setHeader('idempotent-replayed', 'true');
    const { status, body: responseBody } = checkoutResponse(answer.result);
    res.status(status).json(responseBody);
  });

  return router;
}
