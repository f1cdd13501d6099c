import { Router } from 'express';
import { addCartItemBody, cartItemParams, updateCartItemBody, type AddCartItemBody, type UpdateCartItemBody } from '@shopfast/contracts';
import { customerIdOf, requireCustomer, validate } from '@shopfast/service-kit';
import type { Carts } from '../domain/carts';

export function cartRoutes(carts: Carts): Router {
  const router = Router();
  // The shopper (through the gateway) and checkout (the order service reads and empties the cart), always
  // for the customer the token names: never a header (docs/decisions/010).
  router.use('/cart', requireCustomer(['gateway', 'order']));

  router.get('/cart', async (_req, res) => {
    res.json(await carts.get(customerIdOf(res)));
  });

  router.post('/cart/items', validate({ body: addCartItemBody }), async (req, res) => {
    const body = req.body as AddCartItemBody;
    res.json(await carts.addItem(customerIdOf(res), body.productId, body.quantity));
  });

  router.patch('/cart/items/:productId', validate({ params: cartItemParams, body: updateCartItemBody }), async (req, res) => {
    const body = req.body as UpdateCartItemBody;
    res.json(await carts.setQuantity(customerIdOf(res), req.params.productId as string, body.quantity));
  });

  router.delete('/cart/items/:productId', validate({ params: cartItemParams }), async (req, res) => {
    res.json(await carts.removeItem(customerIdOf(res), req.params.productId as string));
  });

  router.delete('/cart', async (_req, res) => {
    await carts.clear(customerIdOf(res));
    res.status(204).end();
  });

  return router;
}
