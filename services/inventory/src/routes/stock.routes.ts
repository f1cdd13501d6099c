import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Inventory } from '../domain/inventory';

export const skuSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a SKU (letters, digits, - and _; at most 64)');

const skuParams = z.object({ sku: skuSchema });
const pageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
const setStockBody = z
  .object({ available: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be >= 0').max(1_000_000, 'must be <= 1000000') })
  .strict();

/** Only the gateway checks admin tokens, so only its service token can assert an administrator's request. */
const administrator = requireCaller({ from: ['gateway'], admin: true });

export function stockRoutes(inventory: Inventory): Router {
  const router = Router();

  // Every SKU's level and version, by SKU: the catalog pages through it to reconcile (GET /stock?page=&limit=).
  router.get('/stock', validate({ query: pageQuery }), async (req, res) => {
    const { page, limit } = req.query as unknown as z.infer<typeof pageQuery>;
    const { items, total } = await inventory.listStock(page, limit);
    res.json({ items, total, page, limit });
  });

  router.get('/stock/:sku', validate({ params: skuParams }), async (req, res) => {
    res.json(await inventory.getStock(req.params.sku as string));
  });

  router.put('/admin/stock/:sku', administrator, validate({ params: skuParams, body: setStockBody }), async (req, res) => {
    const { available } = req.body as z.infer<typeof setStockBody>;
    res.json(await inventory.setAvailable(req.params.sku as string, available));
  });

  return router;
}
