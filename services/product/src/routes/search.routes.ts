import { Router } from 'express';
import { searchQuery, suggestQuery, type SearchQuery, type SearchSuggestions } from '@shopfast/contracts';
import { validate } from '@shopfast/service-kit';
import type { Catalog } from '../domain/catalog';

export function searchRoutes(catalog: Catalog): Router {
  const router = Router();

  router.get('/search', validate({ query: searchQuery }), async (req, res) => {
    res.json(await catalog.search(req.query as unknown as SearchQuery));
  });

  router.get('/search/suggest', validate({ query: suggestQuery }), async (req, res) => {
    const { q } = req.query as unknown as { q: string };
    const body: SearchSuggestions = { suggestions: await catalog.suggest(q) };
    res.json(body);
  });

  return router;
}
