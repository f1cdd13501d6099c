import { Router } from 'express';
import type { ServiceClient } from '@shopfast/service-kit';
import type { ServiceName } from '../config';
import { forwardTo } from '../proxy/forward';

export type ServiceClients = Record<ServiceName, ServiceClient>;

/** The public API: each route names the service that owns it. Inputs are validated by that service. */
export function apiRoutes(clients: ServiceClients): Router {
  const router = Router();
  const encoded = (value: unknown) => encodeURIComponent(String(value));

  router.post('/api/auth/signup', forwardTo(clients.user, { path: '/signup' }));
  router.post('/api/auth/login', forwardTo(clients.user, { path: '/login' }));

  router.get('/api/products', forwardTo(clients.product, { path: '/products' }));
  router.get('/api/products/:id', forwardTo(clients.product, { path: (req) => `/products/${encoded(req.params.id)}` }));
  router.get('/api/products/:id/image.svg', forwardTo(clients.product, { path: (req) => `/products/${encoded(req.params.id)}/image.svg` }));
  router.get('/api/search', forwardTo(clients.product, { path: '/search' }));
  router.get('/api/search/suggest', forwardTo(clients.product, { path: '/search/suggest' }));

  return router;
}
