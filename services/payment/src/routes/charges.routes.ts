import { Router } from 'express';
import { chargeListQuery, chargeParams, chargeRequest, closeChargeRequest, type ChargeRequest, type CloseChargeRequest } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import { chargeResult, type Payments } from '../domain/payments';

/**
 * Money moves only for checkouts: the order service is the one caller of every charge route, so a
 * request through the gateway (or anyone else on the network) cannot charge, refund or read the ledger.
 * Card checks (the contract's card schema) report which field is wrong, never its value: their messages
 * are fixed strings and validate() copies only path and message, so no card number or CVC reaches a
 * response or a log.
 */
const fromOrder = requireCaller({ from: ['order'] });

export function chargeRoutes(payments: Payments): Router {
  const router = Router();

  router.post('/charges', fromOrder, validate({ body: chargeRequest }), async (req, res) => {
    const charge = await payments.charge(req.body as ChargeRequest);
    res.status(201).json(chargeResult(charge));
  });

  // The order's compensation gives up on a payment: answers its charge, or closes the key for good.
  router.post('/charges/close', fromOrder, validate({ body: closeChargeRequest }), async (req, res) => {
    const { idempotencyKey, orderId } = req.body as CloseChargeRequest;
    res.json(await payments.close(idempotencyKey, orderId));
  });

  router.post('/charges/:id/refund', fromOrder, validate({ params: chargeParams }), async (req, res) => {
    res.json(await payments.refund(req.params.id as string));
  });

  router.get('/charges', fromOrder, validate({ query: chargeListQuery }), async (req, res) => {
    res.json(await payments.listByOrder((req.query as unknown as { orderId: string }).orderId));
  });

  return router;
}
