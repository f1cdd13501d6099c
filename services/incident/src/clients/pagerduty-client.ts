import type { AlertTier } from '@shopfast/contracts';
import type { ChannelOutcome, IncidentNotice } from '../model/incident';
import { postJson, refusal } from './http-post';

/** PagerDuty's severities, by routing tier: critical pages at once, the others at lower urgency. */
const SEVERITY: Record<AlertTier, 'critical' | 'error' | 'warning'> = { critical: 'critical', performance: 'error', business: 'warning' };
const SUMMARY_MAX = 1024;

export interface PagerDutyClientOptions {
  /** PAGERDUTY_EVENTS_URL. */
  eventsUrl: string;
  /** PAGERDUTY_ROUTING_KEY; undefined: not configured, every call is skipped. */
  routingKey: string | undefined;
  timeoutMs: number;
}

const isHttpUrl = (value: string) => /^https?:\/\//i.test(value);

/**
 * PagerDuty Events API v2: `trigger` opens (or adds to) the PagerDuty incident of our incident, `resolve`
 * closes it; the incident's dedup key is that of both, so a retried trigger never opens a second one.
 */
export function createPagerDutyClient({ eventsUrl, routingKey, timeoutMs }: PagerDutyClientOptions) {
  async function send(event: Record<string, unknown>): Promise<ChannelOutcome> {
    if (!routingKey) return { status: 'skipped', reason: 'PAGERDUTY_ROUTING_KEY is not set' };
    const answer = await postJson('PagerDuty', eventsUrl, { routing_key: routingKey, ...event }, timeoutMs);
    if (answer.status !== 202 && answer.status !== 200) throw refusal('PagerDuty', answer);
    let dedupKey: unknown;
    try {
      dedupKey = (JSON.parse(answer.text) as { dedup_key?: unknown }).dedup_key;
    } catch {
      dedupKey = undefined;
    }
    return { status: 'done', detail: { status: answer.status, dedupKey: typeof dedupKey === 'string' ? dedupKey : event.dedup_key } };
  }

  return {
    trigger(notice: IncidentNotice): Promise<ChannelOutcome> {
      const summary = `[${notice.tier}] ${notice.title}`;
      return send({
        event_action: 'trigger',
        dedup_key: notice.dedupKey,
        payload: {
          summary: summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary,
          source: notice.service ?? 'datadog',
          severity: SEVERITY[notice.tier],
          timestamp: notice.occurredAt.toISOString(),
          component: notice.service ?? undefined,
          group: notice.tier,
          class: notice.alertKind ?? 'alert',
          custom_details: {
            message: notice.message,
            priority: notice.priority,
            query: notice.query,
            scope: notice.scope,
            monitor_id: notice.alertId,
            incident_id: notice.incidentId,
          },
        },
        ...(isHttpUrl(notice.link) ? { links: [{ href: notice.link, text: 'Datadog monitor' }] } : {}),
        client: 'ShopFast incident service',
        ...(isHttpUrl(notice.link) ? { client_url: notice.link } : {}),
      });
    },

    resolve(notice: IncidentNotice): Promise<ChannelOutcome> {
      return send({ event_action: 'resolve', dedup_key: notice.dedupKey });
    },
  };
}

export type PagerDutyClient = ReturnType<typeof createPagerDutyClient>;
