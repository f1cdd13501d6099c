import { Router } from 'express';
import { incidentListQuery, type IncidentListQuery } from '@shopfast/contracts';
import { requireCaller, validate } from '@shopfast/service-kit';
import type { Incidents } from '../domain/incidents';

/** Administrators only, through the gateway (which checks the admin token): like every /admin route. */
const administrator = requireCaller({ from: ['gateway'], admin: true });

/** GET /admin/incidents?limit=&cursor= (the gateway's GET /api/admin/incidents): newest first, with their actions. */
export function incidentsRoutes(incidents: Incidents): Router {
  const router = Router();
  router.get('/admin/incidents', administrator, validate({ query: incidentListQuery }), async (req, res) => {
    res.set('cache-control', 'no-store').json(await incidents.list(req.query as unknown as IncidentListQuery));
  });
  return router;
}
