import { Router } from 'express';
import { productBatchQuery, productListQuery, productParams, setProductPriceBody, type ProductBatch, type ProductListQuery, type SetProductPriceBody } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Catalog } from '../domain/catalog';
import { renderProductImage } from '../domain/product-image';

/** Only the gateway checks admin tokens, so only its service token can assert an administrator's request. */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function productRoutes(catalog: Catalog): Router {
  const router = Router();

  router.get('/products', validate({ query: productListQuery }), async (req, res) => {
    res.json(await catalog.list(req.query as unknown as ProductListQuery));
  });

  // Before /products/:id, which would otherwise take "batch" for an id (and answer 400).
  router.get('/products/batch', validate({ query: productBatchQuery }), async (req, res) => {
    const { ids } = req.query as unknown as { ids: string[] };
    const body: ProductBatch = { items: await catalog.getMany(ids) };
    res.json(body);
  });

  router.get('/products/:id', validate({ params: productParams }), async (req, res) => {
    res.json(await catalog.detail(req.params.id as string));
  });

  router.get('/products/:id/image.svg', validate({ params: productParams }), async (req, res) => {
    const product = await catalog.get(req.params.id as string);
    res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(renderProductImage(product));
  });

  router.patch('/admin/products/:id', administrator, validate({ params: productParams, body: setProductPriceBody }), async (req, res) => {
    const { price } = req.body as SetProductPriceBody;
    res.json(await catalog.setPrice(req.params.id as string, price));
  });

  return router;
}
