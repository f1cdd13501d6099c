import { Router } from 'express';
import { setStockBody, skuParams, stockPageQuery, type SetStockBody, type StockPage } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Inventory } from '../domain/inventory';

/** Only the gateway checks admin tokens, so only its service token can assert an administrator's request. */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function stockRoutes(inventory: Inventory): Router {
  const router = Router();

  // Every SKU's level and version, by SKU: the catalog pages through it to reconcile (GET /stock?page=&limit=).
  router.get('/stock', validate({ query: stockPageQuery }), async (req, res) => {
    const { page, limit } = req.query as unknown as { page: number; limit: number };
    const { items, total } = await inventory.listStock(page, limit);
    const body: StockPage = { items, total, page, limit };
    res.json(body);
  });

  router.get('/stock/:sku', validate({ params: skuParams }), async (req, res) => {
    res.json(await inventory.getStock(req.params.sku as string));
  });

  router.put('/admin/stock/:sku', administrator, validate({ params: skuParams, body: setStockBody }), async (req, res) => {
    const { available } = req.body as SetStockBody;
    res.json(await inventory.setAvailable(req.params.sku as string, available));
  });

  return router;
}
