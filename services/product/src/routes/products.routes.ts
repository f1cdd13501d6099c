import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Catalog } from '../domain/catalog';
import { CATEGORY_NAMES } from '../domain/catalog-seed';
import { renderProductImage } from '../domain/product-image';

const productId = z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001');

const listQuery = z.object({
  category: z.enum(CATEGORY_NAMES as [string, ...string[]], { error: `must be one of ${CATEGORY_NAMES.join(', ')}` }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
  // Unknown parameters are an error, not silently ignored: `category[$ne]=x` style injection gets a 400.
  .strict();

/** GET /products/batch?ids=p-0001,p-0002: what the cart prices its lines with, in one call. */
const batchQuery = z
  .object({
    ids: z
      .string()
      .transform((value) => value.split(',').map((id) => id.trim()))
      .pipe(z.array(productId).min(1, 'at least one id').max(100, 'at most 100 ids')),
  })
  .strict();

const idParams = z.object({ id: productId });
const priceBody = z
  .object({ price: z.number({ error: 'must be a number' }).positive('must be > 0').max(1_000_000, 'must be <= 1000000').multipleOf(0.01, 'at most two decimals') })
  .strict();

/** Only the gateway checks admin tokens, so only its service token can assert an administrator's request. */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function productRoutes(catalog: Catalog): Router {
  const router = Router();

  router.get('/products', validate({ query: listQuery }), async (req, res) => {
    res.json(await catalog.list(req.query as unknown as z.infer<typeof listQuery>));
  });

  // Before /products/:id, which would otherwise take "batch" for an id (and answer 400).
  router.get('/products/batch', validate({ query: batchQuery }), async (req, res) => {
    const { ids } = req.query as unknown as z.infer<typeof batchQuery>;
    res.json({ items: await catalog.getMany(ids) });
  });

  router.get('/products/:id', validate({ params: idParams }), async (req, res) => {
    res.json(await catalog.get(req.params.id as string));
  });

  router.get('/products/:id/image.svg', validate({ params: idParams }), async (req, res) => {
    const product = await catalog.get(req.params.id as string);
    res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(renderProductImage(product));
  });

  router.patch('/admin/products/:id', administrator, validate({ params: idParams, body: priceBody }), async (req, res) => {
    const { price } = req.body as z.infer<typeof priceBody>;
    res.json(await catalog.setPrice(req.params.id as string, price));
  });

  return router;
}
