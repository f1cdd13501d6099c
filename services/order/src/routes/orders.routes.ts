import { Router } from 'express';
import { z } from 'zod';
import { customerIdOf, notFound, requireCustomer, validate } from '@shopfast/service-kit';
import type { OrderHistory } from '../domain/order-history';

const listQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000).default(1), limit: z.coerce.number().int().min(1).max(50).default(20) }).strict();
const orderParams = z.object({ id: z.uuid({ error: 'must be an order id' }) });

export function orderRoutes(history: OrderHistory): Router {
  const router = Router();

  // Order history serves the shopper's own requests only (through the gateway): the customer is the token's sub.
  router.get('/orders', requireCustomer(['gateway']), validate({ query: listQuery }), async (req, res) => {
    const { page, limit } = req.query as unknown as z.infer<typeof listQuery>;
    const { items, total } = await history.list(customerIdOf(res), page, limit);
    res.json({ items, total, page, limit });
  });

  router.get('/orders/:id', requireCustomer(['gateway']), validate({ params: orderParams }), async (req, res) => {
    const order = await history.get(req.params.id as string, customerIdOf(res));
    if (!order) throw notFound('Order not found', 'order_not_found');
    res.json(order);
  });

  return router;
}
