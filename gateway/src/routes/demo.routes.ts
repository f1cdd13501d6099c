import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';

/** The seed's quick-setup endpoints: a slow request and a failing one, to see both in Datadog at once. */
export class DemoError extends Error {
  override name = 'DemoError';
}

const slowQuery = z.object({ ms: z.coerce.number().int().min(0).max(10_000).default(1_500) }).strict();

export function demoRoutes(): Router {
  const router = Router();

  router.get('/slow', validate({ query: slowQuery }), async (req, res) => {
    const { ms } = req.query as unknown as z.infer<typeof slowQuery>;
    await new Promise((resolve) => setTimeout(resolve, ms));
    res.json({ status: 'ok', sleptMs: ms });
  });

  router.get('/error', () => {
    // Thrown on purpose: the error handler answers a generic 500 and marks the request span as an error
    // with error.type DemoError, which is what an error-rate monitor should catch.
    throw new DemoError('Intentional failure from GET /error (demo endpoint)');
  });

  return router;
}
