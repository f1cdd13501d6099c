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

/**
 * `$ALERT_TRANSITION` values Datadog documents. `Null` is one of them (a transition Datadog could not name):
 * refusing it would lose the delivery (a 400 is never retried), so it is accepted and recorded, nothing more.
 */
export const alertTransitions = [
  'Triggered',
  'Re-Triggered',
  'Recovered',
  'Warn',
  'Re-Warn',
  'No Data',
  'Re-No Data',
  'Renotify',
  'Null',
] as const;
export type AlertTransition = (typeof alertTransitions)[number];

/**
 * Free text Datadog fills in (a title, the monitor message, its query, scope and tags): cut to `max`
 * characters instead of refused. A 400 is never retried, so refusing an over-long monitor message would
 * lose the alert; what identifies a delivery (`id`, `transition`, `date`, `version`) stays strict, and the
 * body as a whole is still bounded by the receivers' body limit (100 kB).
 */
const text = (max: number) => z.string().overwrite((value) => clip(storable(value), max));

/** A UTF-16 unit of a surrogate pair without its other half (JSON's `\ud800` escape can carry one). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text PostgreSQL can store, which is where every delivery goes: jsonb refuses a lone surrogate (22P02) and
 * both jsonb and text refuse NUL. A refused insert is a 500, which Datadog retries with the same body for
 * ever; so NUL is dropped and a lone surrogate becomes U+FFFD, as String#toWellFormed does.
 */
const storable = (value: string): string => value.replaceAll('\0', '').replace(LONE_SURROGATE, '\uFFFD');

/** The first `max` UTF-16 units, never ending in half of a pair (an emoji cut in two is a lone surrogate). */
const clip = (value: string, max: number): string => {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
};

export const datadogWebhookPayload = z
  .object({
    version: z.literal('1'),
    /** Strict (it names the delivery): text PostgreSQL cannot store is refused, not changed. */
    id: z.string().min(1).max(64).refine((value) => storable(value) === value, 'must not contain NUL or a lone surrogate'),
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

/** The routing tiers of the monitors (tag `tier:<tier>`); each has its own Slack channel. */
export const alertTiers = ['critical', 'performance', 'business'] as const;
export const alertTier = z.enum(alertTiers);
export type AlertTier = z.infer<typeof alertTier>;

/** What the incident service does about an alert, one row per action (GET /api/admin/incidents). */
export const incidentActionKind = z.enum(['pagerduty_trigger', 'pagerduty_resolve', 'slack', 'scale_up']);
export type IncidentActionKind = z.infer<typeof incidentActionKind>;

/**
 * pending: not done yet (waiting for its first attempt or a retry); done; skipped: the channel is not
 * configured (no routing key, no Slack URL) or the service may not be scaled; failed: refused for good
 * or out of attempts.
 */
export const incidentActionStatus = z.enum(['pending', 'done', 'skipped', 'failed']);
export type IncidentActionStatus = z.infer<typeof incidentActionStatus>;

/** POST /api/webhooks/datadog: 202 for a new delivery (its actions run in the background), 200 for a duplicate. */
export const webhookReceipt = z
  .object({
    deliveryId: z.string().meta({ description: 'The delivery ($ID).' }),
    duplicate: z.boolean().meta({ description: 'true: this delivery (or the same transition of the same alert) was received before; nothing more happens.' }),
    incidentId: z.string().nullable().meta({ description: 'The incident the delivery belongs to, if any.' }),
    actions: z.array(incidentActionKind).meta({ description: 'Actions this delivery queued (none for a duplicate).' }),
  })
  .meta({ id: 'WebhookReceipt', description: 'What the incident service did with a Datadog webhook delivery.' });
export type WebhookReceipt = z.infer<typeof webhookReceipt>;

/** GET /api/admin/incidents?limit=&cursor=: newest first; `cursor` is the previous page's nextCursor. */
export const incidentListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be the nextCursor of a previous page')
      .optional()
      .meta({ description: 'The nextCursor of the previous page; absent: the newest incidents.' }),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

export const incidentAction = z.object({
  id: z.number().int(),
  kind: incidentActionKind,
  status: incidentActionStatus,
  /** The transition that queued it (Triggered, Recovered...). */
  transition: z.enum(alertTransitions),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  outcome: z.unknown().meta({ description: 'What the channel answered (dedup key, replicas, the reason it was skipped...).' }),
  createdAt: z.string().meta({ description: 'ISO 8601.' }),
  finishedAt: z.string().nullable().meta({ description: 'ISO 8601; null while pending.' }),
});
export type IncidentAction = z.infer<typeof incidentAction>;

export const incidentSummary = z.object({
  id: z.string(),
  alertCycleKey: z.string(),
  alertId: z.string(),
  title: z.string(),
  tier: alertTier,
  service: z.string().nullable(),
  alertKind: z.string().nullable().meta({ description: 'The monitor\'s `alert:` tag (error_rate_spike, latency...).' }),
  status: z.enum(['open', 'resolved']),
  link: z.string(),
  openedAt: z.string().meta({ description: 'ISO 8601.' }),
  resolvedAt: z.string().nullable(),
  actions: z.array(incidentAction).meta({ description: 'Oldest first.' }),
});
export type IncidentSummary = z.infer<typeof incidentSummary>;

export const incidentPage = z
  .object({
    items: z.array(incidentSummary),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
  })
  .meta({ id: 'IncidentPage', description: 'GET /api/admin/incidents: incidents newest first, each with its actions.' });
export type IncidentPage = z.infer<typeof incidentPage>;
