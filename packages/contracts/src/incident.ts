import { z } from 'zod';

/**
 * What Datadog's webhook integration posts to POST /api/webhooks/datadog (gateway -> incident service), and
 * the template that makes it post exactly that. The webhook definition (infra/datadog) sends
 * DATADOG_WEBHOOK_PAYLOAD as its `payload`; Datadog replaces each `$VARIABLE` with a string, so every field
 * is a string here, and the receiver parses them (a monitor's own tags say what kind of alert it is).
 * Datadog retries a delivery on 5xx: `id` (the event id) identifies a delivery, `alertCycleKey` +
 * `transition` one state change of one alert.
 */

/** The header Datadog sends the shared secret in (the webhook's `custom_headers`). */
export const WEBHOOK_SECRET_HEADER = 'x-shopfast-webhook-secret';
/** The Datadog custom variable (hidden) that holds the secret; `custom_headers` refers to it. */
export const WEBHOOK_SECRET_VARIABLE = 'SHOPFAST_WEBHOOK_SECRET';

/** The JSON template, field -> Datadog template variable. Versioned with the receiver's schema below. */
export const DATADOG_WEBHOOK_PAYLOAD = {
  version: '1',
  id: '$ID',
  alertId: '$ALERT_ID',
  alertCycleKey: '$ALERT_CYCLE_KEY',
  transition: '$ALERT_TRANSITION',
  alertType: '$ALERT_TYPE',
  eventType: '$EVENT_TYPE',
  title: '$EVENT_TITLE',
  message: '$TEXT_ONLY_MSG',
  priority: '$ALERT_PRIORITY',
  query: '$ALERT_QUERY',
  scope: '$ALERT_SCOPE',
  tags: '$TAGS',
  date: '$DATE',
  link: '$LINK',
  orgId: '$ORG_ID',
} as const;

/** `$ALERT_TRANSITION` values Datadog documents. */
export const alertTransitions = [
  'Triggered',
  'Re-Triggered',
  'Recovered',
  'Warn',
  'Re-Warn',
  'No Data',
  'Re-No Data',
  'Renotify',
] as const;

const text = (max: number) => z.string().max(max);

export const datadogWebhookPayload = z
  .object({
    version: z.literal('1'),
    id: z.string().min(1).max(64),
    alertId: text(64),
    alertCycleKey: text(128),
    transition: z.enum(alertTransitions),
    alertType: z.enum(['error', 'warning', 'success', 'info']),
    eventType: text(64),
    title: text(500),
    message: text(10_000),
    priority: text(8),
    query: text(4_000),
    scope: text(1_000),
    /** Comma-separated `key:value` tags of the monitor and the alerting group. */
    tags: text(4_000),
    /** Epoch milliseconds, as a string. */
    date: z.string().regex(/^\d{1,16}$/),
    link: text(2_000),
    orgId: text(64),
  })
  .meta({ id: 'DatadogWebhookPayload', description: 'An alert transition as posted by the ShopFast webhook of Datadog (infra/datadog).' });
export type DatadogWebhookPayload = z.infer<typeof datadogWebhookPayload>;
