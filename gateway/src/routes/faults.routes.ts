import { Router, type RequestHandler } from 'express';
import { faultParams } from '@shopfast/contracts';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
import type { FaultControl } from '../faults/fault-control';

export interface FaultRouteGuards {
  /** Anyone's budget (GET /api/flags is polled by every storefront visitor). */
  publicRoute: RequestHandler[];
  /** The API budget, then the admin token (like every /api/admin route). */
  adminRoute: RequestHandler[];
}

/**
 * Fault control, answered by the gateway itself (it owns the runtime state file, FLAGS_FILE): the admin API
 * behind `npm run faults` and the storefront's /admin/faults page, and the storefront's own flags.
 */
/**
 * setFaultBody (what the OpenAPI document describes) with any value: unknown fields are refused here, and the
 * value by its own fault's type and range in FaultControl.setFault, which names the range in its 400.
 */
const anyValueBody = z.object({ value: z.unknown().optional() }).strict();

export function faultsRoutes(control: FaultControl, guards: FaultRouteGuards): Router {
  const router = Router();
  const keyOf = (params: unknown) => (params as { key: string }).key;

  // The storefront evaluates its browser faults from this every few seconds: never cached anywhere.
  router.get('/api/flags', ...guards.publicRoute, async (_req, res) => {
    res.set('cache-control', 'no-store').json({ flags: await control.flagsOf('web') });
  });

  router.get('/api/admin/faults', ...guards.adminRoute, async (_req, res) => {
    res.set('cache-control', 'no-store').json({ faults: await control.listFaults() });
  });
  // The body's value is checked against the fault's own type and range (400 invalid_fault_value naming it), so a
  // missing, null or mistyped value gets the same helpful answer as an out-of-range one, not a generic
  // validation error. setFaultBody is what the OpenAPI document describes.
  router.put('/api/admin/faults/:key', ...guards.adminRoute, validate({ params: faultParams, body: anyValueBody }), async (req, res) => {
    res.json(await control.setFault(keyOf(req.params), (req.body as { value?: unknown }).value));
  });
  router.delete('/api/admin/faults/:key', ...guards.adminRoute, validate({ params: faultParams }), async (req, res) => {
    res.json(await control.clearFault(keyOf(req.params)));
  });
  router.delete('/api/admin/faults', ...guards.adminRoute, async (_req, res) => {
    res.json({ faults: await control.clearAll() });
  });

  return router;
}
