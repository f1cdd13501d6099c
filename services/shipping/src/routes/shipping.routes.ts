import { Router } from 'express';
import { shipmentParams, shippingQuoteRequest, type ShippingQuoteRequest, type ShippingQuotes } from '@shopfast/contracts';
import { requireCaller, validate, type Metrics } from '@shopfast/service-kit';
import { quotesFor, zoneOf } from '../domain/shipping-rates';
import type { Shipments } from '../domain/shipments';

/**
 * A shipment names a customer's order and its tracking number: only the order service reads it, for the
 * customer it has already checked owns the order. Quotes stay open (no customer data).
 */
const fromOrder = requireCaller({ from: ['order'] });

export function shippingRoutes(shipments: Shipments, metrics: Metrics): Router {
  const router = Router();

  router.post('/quotes', validate({ body: shippingQuoteRequest }), (req, res) => {
    const { country, weightKg } = req.body as ShippingQuoteRequest;
    metrics.increment('ecommerce.shipping.quote_requested', 1, { zone: zoneOf(country) });
    const body: ShippingQuotes = { quotes: quotesFor(country, weightKg) };
    res.json(body);
  });

  router.get('/shipments/:orderId', fromOrder, validate({ params: shipmentParams }), async (req, res) => {
    res.json(await shipments.get(req.params.orderId as string));
  });

  return router;
}
