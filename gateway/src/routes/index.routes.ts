import { Router } from 'express';

/** GET /: what this gateway serves, for people exploring the demo with curl. */
export function indexRoutes(version: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      name: 'ShopFast gateway',
      version,
      endpoints: [
        'GET /api/health',
        'POST /api/auth/signup',
        'POST /api/auth/login',
        'GET /api/products?category=&page=&limit=',
        'GET /api/products/:id',
        'GET /api/search?q=&category=&brand=&minPrice=&maxPrice=&sort=&page=&limit=',
        'GET /api/search/suggest?q=',
      ],
    });
  });
  return router;
}
