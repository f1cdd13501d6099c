import { Router } from 'express';
import { checkoutRequest, idempotencyKey, type CheckoutRequest } from '@shopfast/contracts';
import { badRequest, customerIdOf, requireCustomer, validate } from '@shopfast/service-kit';
import type { Checkout } from '../domain/checkout/checkout';
import { checkoutResponse } from './checkout-response';

export function checkoutRoutes(checkout: Checkout): Router {
  const router = Router();

  // Only the gateway, for the customer its token names (docs/decisions/010). The body is checked against
  // the contract (card: Luhn and expiry) before any order or stock is touched.
  router.post('/checkout', requireCustomer(['gateway']), validate({ body: checkoutRequest }), async (req, res) => {
    const userId = customerIdOf(res);
    const key = req.get('idempotency-key');
    if (key !== undefined) {
      // The contract's rule (the gateway documents the header with it), answered with its own code.
      const checked = idempotencyKey.safeParse(key);
      if (!checked.success) throw badRequest('invalid_idempotency_key', `Idempotency-Key ${checked.error.issues[0]!.message}`);
    }
    const body = req.body as CheckoutRequest;
    const answer = await checkout.checkout({
      userId,
      idempotencyKey: key,
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
