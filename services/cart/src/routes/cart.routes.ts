import { Router } from 'express';
import { z } from 'zod';
import { customerIdOf, requireCustomer, validate } from '@shopfast/service-kit';
import { MAX_QUANTITY, type Carts } from '../domain/carts';

/** Same pattern the product service validates its ids with. */
const productId = z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001');
const quantity = (min: number) =>
  z.number({ error: 'must be a number' }).int('must be a whole number').min(min, `at least ${min}`).max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);

const addBody = z.object({ productId, quantity: quantity(1) }).strict();
const setBody = z.object({ quantity: quantity(0) }).strict();
const itemParams = z.object({ productId });

export function cartRoutes(carts: Carts): Router {
  const router = Router();
  // The shopper (through the gateway) and checkout (the order service reads and empties the cart), always
  // for the customer the token names: never a header (docs/decisions/010).
  router.use('/cart', requireCustomer(['gateway', 'order']));

  router.get('/cart', async (_req, res) => {
    res.json(await carts.get(customerIdOf(res)));
  });

  router.post('/cart/items', validate({ body: addBody }), async (req, res) => {
    const body = req.body as z.infer<typeof addBody>;
    res.json(await carts.addItem(customerIdOf(res), body.productId, body.quantity));
  });

  router.patch('/cart/items/:productId', validate({ params: itemParams, body: setBody }), async (req, res) => {
    const body = req.body as z.infer<typeof setBody>;
    res.json(await carts.setQuantity(customerIdOf(res), req.params.productId as string, body.quantity));
  });

  router.delete('/cart/items/:productId', validate({ params: itemParams }), async (req, res) => {
    res.json(await carts.removeItem(customerIdOf(res), req.params.productId as string));
  });

  router.delete('/cart', async (_req, res) => {
    await carts.clear(customerIdOf(res));
    res.status(204).end();
  });

  return router;
}
