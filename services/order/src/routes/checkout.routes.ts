import { Router } from 'express';
import { checkoutRequest, type CheckoutRequest } from '@shopfast/contracts';
import { badRequest, customerIdOf, requireCustomer, validate } from '@shopfast/service-kit';
import type { Checkout } from '../domain/checkout/checkout';
import { checkoutResponse } from './checkout-response';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

export function checkoutRoutes(checkout: Checkout): Router {
  const router = Router();

  // Only the gateway, for the customer its token names (docs/decisions/010). The body is checked against
  // the contract (card: Luhn and expiry) before any order or stock is touched.
  router.post('/checkout', requireCustomer(['gateway']), validate({ body: checkoutRequest }), async (req, res) => {
    const userId = customerIdOf(res);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 8 to 128 letters, digits, or . _ : -');
    }
    const body = req.body as CheckoutRequest;
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
