import { Router } from 'express';
import { z } from 'zod';
import { customerIdOf, notFound, requireCustomer, validate } from '@shopfast/service-kit';
import type { ShippingClient } from '../clients/shipping-client';
import type { OrderStore } from '../store/order-store';

const listQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000).default(1), limit: z.coerce.number().int().min(1).max(50).default(20) }).strict();
const orderParams = z.object({ id: z.uuid({ error: 'must be an order id' }) });

export function orderRoutes(store: OrderStore, shipping: ShippingClient): Router {
  const router = Router();

  // Order history serves the shopper's own requests only (through the gateway): the customer is the token's sub.
  router.get('/orders', requireCustomer(['gateway']), validate({ query: listQuery }), async (req, res) => {
    const { page, limit } = req.query as unknown as z.infer<typeof listQuery>;
    const { items, total } = await store.listForUser(customerIdOf(res), page, limit);
    res.json({ items, total, page, limit });
  });

  router.get('/orders/:id', requireCustomer(['gateway']), validate({ params: orderParams }), async (req, res) => {
    const order = await store.getForUser(req.params.id as string, customerIdOf(res));
    if (!order) throw notFound('Order not found', 'order_not_found');
    const shipment = order.status === 'confirmed' ? await shipping.shipmentFor(order.id) : null;
    res.json({ ...order, shipment });
  });

  return router;
}
