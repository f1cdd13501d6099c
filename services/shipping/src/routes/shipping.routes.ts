import { Router } from 'express';
import { z } from 'zod';
import { requireCaller, validate, type Metrics } from '@shopfast/service-kit';
import { quotesFor, zoneOf } from '../domain/shipping-rates';
import type { Shipments } from '../domain/shipments';

const quoteBody = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals (US, DE...)'),
    postalCode: z.string().regex(/^(?=.*[A-Za-z0-9])[A-Za-z0-9 -]{1,16}$/, 'must be 1-16 letters, digits, spaces or dashes'),
    weightKg: z.number({ error: 'must be a number' }).positive('must be > 0').max(1000, 'must be at most 1000'),
  })
  .strict();

const shipmentParams = z.object({ orderId: z.uuid({ error: 'must be an order id' }) });

/**
 * A shipment names a customer's order and its tracking number: only the order service reads it, for the
 * customer it has already checked owns the order. Quotes stay open (no customer data).
 */
const fromOrder = requireCaller({ from: ['order'] });

export function shippingRoutes(shipments: Shipments, metrics: Metrics): Router {
  const router = Router();

  router.post('/quotes', validate({ body: quoteBody }), (req, res) => {
    const { country, weightKg } = req.body as z.infer<typeof quoteBody>;
    metrics.increment('ecommerce.shipping.quote_requested', 1, { zone: zoneOf(country) });
    res.json({ quotes: quotesFor(country, weightKg) });
  });

  router.get('/shipments/:orderId', fromOrder, validate({ params: shipmentParams }), async (req, res) => {
    res.json(await shipments.get(req.params.orderId as string));
  });

  return router;
}
