import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import type { Catalog } from '../domain/catalog';
import { CATEGORY_NAMES } from '../domain/catalog-seed';
import { renderProductImage } from '../domain/product-image';

const listQuery = z.object({
  category: z.enum(CATEGORY_NAMES as [string, ...string[]], { error: `must be one of ${CATEGORY_NAMES.join(', ')}` }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
  // Unknown parameters are an error, not silently ignored: `category[$ne]=x` style injection gets a 400.
  .strict();

const idParams = z.object({ id: z.string().regex(/^p-\d{4,6}$/, 'must look like p-0001') });

export function productRoutes(catalog: Catalog): Router {
  const router = Router();

  router.get('/products', validate({ query: listQuery }), async (req, res) => {
    res.json(await catalog.list(req.query as unknown as z.infer<typeof listQuery>));
  });

  router.get('/products/:id', validate({ params: idParams }), async (req, res) => {
    res.json(await catalog.get(req.params.id as string));
  });

  router.get('/products/:id/image.svg', validate({ params: idParams }), async (req, res) => {
    const product = await catalog.get(req.params.id as string);
    res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(renderProductImage(product));
  });

  return router;
}
