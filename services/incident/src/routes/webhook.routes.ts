import { Router } from 'express';
import { datadogWebhookPayload, WEBHOOK_SECRET_HEADER } from '@shopfast/contracts';
import { badRequest, requireCaller, unauthorized, type FieldProblem, type Metrics } from '@shopfast/service-kit';
import type { Incidents } from '../domain/incidents';
import { secretMatches } from '../domain/webhook-secret';

/** Deliveries come through the gateway only (its service token), and must carry the webhook's secret. */
const fromGateway = requireCaller({ from: ['gateway'] });

/**
 * POST /webhooks/datadog (the gateway's POST /api/webhooks/datadog): Datadog's webhook integration.
 * 401 without the secret, 400 for a body that is not the payload template (nothing recorded), 202 once
 * recorded (actions run afterwards), 200 for a duplicate. Datadog waits 15 s and retries on 5xx only.
 */
export function webhookRoutes(incidents: Incidents, { secret, metrics }: { secret: string; metrics: Metrics }): Router {
  const router = Router();
  const count = (outcome: 'accepted' | 'duplicate' | 'unauthorized' | 'invalid') => metrics.increment('ecommerce.incident.webhooks', 1, { outcome });

  router.post('/webhooks/datadog', fromGateway, async (req, res) => {
    if (!secretMatches(req.get(WEBHOOK_SECRET_HEADER), secret)) {
      count('unauthorized');
      throw unauthorized(`The ${WEBHOOK_SECRET_HEADER} header is missing or wrong`);
    }
    const parsed = datadogWebhookPayload.safeParse(req.body ?? {});
    if (!parsed.success) {
      count('invalid');
      const problems: FieldProblem[] = parsed.error.issues.map((issue) => ({ location: 'body', path: issue.path.join('.'), message: issue.message }));
      throw badRequest('validation_failed', 'The request is invalid', problems);
    }
    const receipt = await incidents.receive(parsed.data);
    count(receipt.duplicate ? 'duplicate' : 'accepted');
    res.status(receipt.duplicate ? 200 : 202).json(receipt);
  });

  return router;
}
