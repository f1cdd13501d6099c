import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import type { Notifier } from '../domain/notifier';

const listQuery = z.object({ orderId: z.uuid({ error: 'must be an order id' }) }).strict();

export function notificationRoutes(notifier: Notifier): Router {
  const router = Router();

  router.get('/notifications', validate({ query: listQuery }), async (req, res) => {
    const { orderId } = req.query as z.infer<typeof listQuery>;
    res.json({ items: await notifier.listForOrder(orderId) });
  });

  return router;
}
