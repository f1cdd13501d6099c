import { Router } from 'express';
import type { z } from 'zod';
import { orderListQuery, orderParams } from '@shopfast/contracts';
import { customerIdOf, notFound, requireCustomer, validate } from '@shopfast/service-kit';
import type { OrderHistory } from '../domain/order-history';

export function orderRoutes(history: OrderHistory): Router {
  const router = Router();

  // Order history serves the shopper's own requests only (through the gateway): the customer is the token's sub.
  router.get('/orders', requireCustomer(['gateway']), validate({ query: orderListQuery }), async (req, res) => {
    const { page, limit } = req.query as unknown as z.infer<typeof orderListQuery>;
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
