import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import type { Catalog } from '../domain/catalog';

const searchQuery = z
  .object({
    q: z.string().trim().max(200, 'at most 200 characters').optional(),
    category: z.string().trim().max(50).optional(),
    brand: z.string().trim().max(50).optional(),
    minPrice: z.coerce.number().min(0).optional(),
    maxPrice: z.coerce.number().min(0).optional(),
    // Only `true` filters; anything else but `false` is an error rather than silently "all products".
    inStock: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true').optional(),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'rating_desc', 'name_asc']).default('relevance'),
    page: z.coerce.number().int().min(1).max(500).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  // Elasticsearch refuses to page past 10,000 results (index.max_result_window): a 400 here, not its 500.
  .refine((query) => query.page * query.limit <= 10_000, { message: 'page x limit must be at most 10000', path: ['page'] })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: 'minPrice must not be greater than maxPrice',
    path: ['minPrice'],
  });

const suggestQuery = z.object({ q: z.string().trim().min(1, 'is required').max(50, 'at most 50 characters') }).strict();

export function searchRoutes(catalog: Catalog): Router {
  const router = Router();

  router.get('/search', validate({ query: searchQuery }), async (req, res) => {
    res.json(await catalog.search(req.query as unknown as z.infer<typeof searchQuery>));
  });

  router.get('/search/suggest', validate({ query: suggestQuery }), async (req, res) => {
    const { q } = req.query as unknown as z.infer<typeof suggestQuery>;
    res.json({ suggestions: await catalog.suggest(q) });
  });

  return router;
}
