import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import { MAX_QUANTITY, type Carts } from '../domain/carts';
import { requireUserId } from './user-identity';

/** Same pattern the product service validates its ids with. */
const productId = z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001');
const quantity = (min: number) =>
  z.number({ error: 'must be a number' }).int('must be a whole number').min(min, `at least ${min}`).max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);

const addBody = z.object({ productId, quantity: quantity(1) }).strict();
const setBody = z.object({ quantity: quantity(0) }).strict();
const itemParams = z.object({ productId });

export function cartRoutes(carts: Carts): Router {
  const router = Router();
  router.use('/cart', requireUserId());
  const user = (locals: Record<string, unknown>) => locals.userId as string;

  router.get('/cart', async (_req, res) => {
    res.json(await carts.get(user(res.locals)));
  });

  router.post('/cart/items', validate({ body: addBody }), async (req, res) => {
    const body = req.body as z.infer<typeof addBody>;
    res.json(await carts.addItem(user(res.locals), body.productId, body.quantity));
  });

  router.patch('/cart/items/:productId', validate({ params: itemParams, body: setBody }), async (req, res) => {
    const body = req.body as z.infer<typeof setBody>;
    res.json(await carts.setQuantity(user(res.locals), req.params.productId as string, body.quantity));
  });

  router.delete('/cart/items/:productId', validate({ params: itemParams }), async (req, res) => {
    res.json(await carts.removeItem(user(res.locals), req.params.productId as string));
  });

  router.delete('/cart', async (_req, res) => {
    await carts.clear(user(res.locals));
    res.status(204).end();
  });

  return router;
}
