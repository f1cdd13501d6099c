import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Notifier } from '../domain/notifier';

const listQuery = z.object({ orderId: z.uuid({ error: 'must be an order id' }) }).strict();

/**
 * The list shows customers' e-mail addresses: it is for administrators, whose requests reach it only
 * through the gateway (which checked the admin token and says so in its service token).
 */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function notificationRoutes(notifier: Notifier): Router {
  const router = Router();

  router.get('/notifications', administrator, validate({ query: listQuery }), async (req, res) => {
    const { orderId } = req.query as z.infer<typeof listQuery>;
    res.json({ items: await notifier.listForOrder(orderId) });
  });

  return router;
}
