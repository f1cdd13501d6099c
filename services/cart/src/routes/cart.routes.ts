import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import { MAX_QUANTITY, type Carts } from '../domain/carts';
import { cartOwner, requireCustomer } from './customer';

/** Same pattern the product service validates its ids with. */
const productId = z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001');
const quantity = (min: number) =>
  z.number({ error: 'must be a number' }).int('must be a whole number').min(min, `at least ${min}`).max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);

const addBody = z.object({ productId, quantity: quantity(1) }).strict();
const setBody = z.object({ quantity: quantity(0) }).strict();
const itemParams = z.object({ productId });

export function cartRoutes(carts: Carts): Router {
  const router = Router();
  router.use('/cart', requireCustomer());

  router.get('/cart', async (_req, res) => {
    res.json(await carts.get(cartOwner(res)));
  });

  router.post('/cart/items', validate({ body: addBody }), async (req, res) => {
    const body = req.body as z.infer<typeof addBody>;
    res.json(await carts.addItem(cartOwner(res), body.productId, body.quantity));
  });

  router.patch('/cart/items/:productId', validate({ params: itemParams, body: setBody }), async (req, res) => {
    const body = req.body as z.infer<typeof setBody>;
    res.json(await carts.setQuantity(cartOwner(res), req.params.productId as string, body.quantity));
  });

  router.delete('/cart/items/:productId', validate({ params: itemParams }), async (req, res) => {
    res.json(await carts.removeItem(cartOwner(res), req.params.productId as string));
  });

  router.delete('/cart', async (_req, res) => {
    await carts.clear(cartOwner(res));
    res.status(204).end();
  });

  return router;
}
