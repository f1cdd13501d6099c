import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { localUrl } from '@shopfast/stack-ports';
import { lastMetricSeq, metricLines, newTraceContext, stackSecretsDir, storeUrls, waitFor, waitForTrace, type MetricLine } from '@shopfast/test-kit';
import { ADMIN_TOKEN, api } from './shop-client';

/**
 * Datadog's webhook through the running gateway to the incident service, whose channels the local stack
 * points at the alert sink (packages/alert-sink): what PagerDuty and Slack received is read back from the
 * sink, the metrics from the DogStatsD listener, the spans from the test agent.
 */
const alertSink = process.env.SHOPFAST_ALERT_SINK_URL ?? localUrl('alertSink');
const SECRET = readFileSync(join(stackSecretsDir, 'datadog-webhook-secret'), 'utf8').trim();
const SECRET_HEADER = 'x-shopfast-webhook-secret';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface SinkRequest {
  seq: number;
  channel: 'pagerduty' | 'slack';
  tier?: string;
  status: number;
  body: { event_action?: string; dedup_key?: string; routing_key?: string; payload?: Record<string, unknown>; text?: string };
}

const sinkRequests = async (since: number): Promise<SinkRequest[]> => ((await (await fetch(`${alertSink}/requests?since=${since}`)).json()) as { requests: SinkRequest[] }).requests;
const sinkSeq = async () => ((await (await fetch(`${alertSink}/requests?since=${Number.MAX_SAFE_INTEGER}`)).json()) as { lastSeq: number }).lastSeq;
/** What PagerDuty got about one alert cycle and what Slack got about one title, since `since`. */
const received = async (since: number, cycle: string, title: string) => {
  const requests = await sinkRequests(since);
  return {
    // Dedup keys are `<cycle key>:<incident seq>`: every incident of the cycle.
    pagerduty: requests.filter((r) => r.channel === 'pagerduty' && r.body.dedup_key?.startsWith(`${cycle}:`)),
    slack: requests.filter((r) => r.channel === 'slack' && r.body.text?.includes(title)),
  };
};
const incidentLines = async (since: number, name: string) => (await metricLines(since, name)).filter((line: MetricLine) => line.name === name && line.tags.service === 'incident');

const alert = (overrides: Record<string, string> = {}) => {
  const id = randomUUID();
  return {
    version: '1',
    id,
    alertId: '900',
    alertCycleKey: `e2e-${id}`,
    transition: 'Triggered',
    alertType: 'error',
    eventType: 'query_alert_monitor',
    title: `[Triggered] Error rate spike on order (${id})`,
    message: 'Error rate over 5 % while traffic grew under 50 %. @webhook-shopfast-incident',
    priority: 'P1',
    query: 'sum(last_5m):sum:trace.express.request.errors{service:order}.as_count() > 10',
    scope: 'service:order',
    tags: 'managed-by:shopfast,team:shopfast,tier:critical,env:local,service:order,alert:error_rate_spike',
    date: String(Date.now()),
    link: 'https://app.datadoghq.com/monitors/900',
    orgId: '1',
    ...overrides,
  };
};
const deliver = (body: unknown, headers: Record<string, string> = { [SECRET_HEADER]: SECRET }) => api('/api/webhooks/datadog', { method: 'POST', body, headers });

async function deliveriesWithId(id: string): Promise<number> {
  const client = new pg.Client({ connectionString: storeUrls.postgres('shopfast_incident') });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM deliveries WHERE id = $1', [id])).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

afterEach(async () => {
  await fetch(`${alertSink}/control/pagerduty`, { method: 'DELETE' });
});

describe('the Datadog webhook, end to end', () => {
  it('turns a triggered error-rate alert into one PagerDuty event, one Slack post and one scale request, in the delivery\'s trace', async () => {
    const [seq, since] = [await sinkSeq(), await lastMetricSeq()];
    const test = newTraceContext();
    const triggered = alert();
    const response = await deliver(triggered, { [SECRET_HEADER]: SECRET, ...test.headers });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ deliveryId: triggered.id, duplicate: false, actions: ['pagerduty_trigger', 'slack', 'scale_up'] });

    const got = await waitFor('PagerDuty and Slack', async () => {
      const now = await received(seq, triggered.alertCycleKey, triggered.title);
      return now.pagerduty.length > 0 && now.slack.length > 0 ? now : undefined;
    });
    expect(got.pagerduty).toHaveLength(1);
    expect(got.pagerduty[0]).toMatchObject({ status: 202, body: { event_action: 'trigger', dedup_key: expect.stringMatching(new RegExp(`^${triggered.alertCycleKey}:\\d+$`)), routing_key: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(got.pagerduty[0]!.body.payload).toMatchObject({ severity: 'critical', source: 'order', class: 'error_rate_spike' });
    expect(got.slack).toEqual([expect.objectContaining({ tier: 'critical', status: 200 })]);

    // SCALER=log in the local stack: the scale request is a log line and this metric.
    const scale = await waitFor('the scale request', async () => (await incidentLines(since, 'ecommerce.incident.scale_requests'))[0]);
    expect(scale.tags).toMatchObject({ scaler: 'log', scaled_service: 'order', result: 'logged', env: 'local' });
    expect((await incidentLines(since, 'ecommerce.incident.scale_requests')).length).toBe(1);
    expect((await incidentLines(since, 'ecommerce.incident.webhooks')).map((line) => line.tags.outcome)).toEqual(['accepted']);
    expect((await incidentLines(since, 'ecommerce.incidents.opened')).map((line) => line.tags.tier)).toEqual(['critical']);
    const actions = await waitFor('three action metrics', async () => {
      const lines = await incidentLines(since, 'ecommerce.incident.actions');
      return lines.length >= 3 ? lines : undefined;
    });
    expect(actions.map((line) => `${line.tags.action}:${line.tags.outcome}`).sort()).toEqual(['pagerduty_trigger:done', 'scale_up:done', 'slack:done']);

    // Each process flushes its spans on its own: wait for the gateway's, the receipt and the three actions.
    const spans = await waitForTrace(
      test.traceId,
      (all) => all.filter((span) => span.name === 'incident.action').length === 3 && all.some((span) => span.service === 'gateway') && all.some((span) => span.name === 'incident.receive'),
    );
    const gatewaySpan = spans.find((span) => span.service === 'gateway' && span.name === 'express.request');
    const receive = spans.find((span) => span.name === 'incident.receive');
    expect(gatewaySpan?.resource).toBe('POST /api/webhooks/datadog');
    expect(receive).toMatchObject({
      service: 'incident',
      resource: 'Triggered',
      meta: expect.objectContaining({
        'incident.transition': 'Triggered',
        'incident.tier': 'critical',
        'incident.alert_kind': 'error_rate_spike',
        'incident.delivery_id': triggered.id,
        'incident.id': response.body.incidentId,
        'incident.actions': 'pagerduty_trigger,slack,scale_up',
      }),
    });
    // A boolean tag arrives as a metric: 0, a new delivery.
    expect(receive!.metrics['incident.duplicate']).toBe(0);
    const actionSpans = spans.filter((span) => span.name === 'incident.action');
    expect(actionSpans.map((span) => span.resource).sort()).toEqual(['pagerduty_trigger', 'scale_up', 'slack']);
    for (const span of actionSpans) {
      expect(BigInt(span.parent_id)).toBe(BigInt(receive!.span_id));
      expect(span.meta).toMatchObject({ 'incident.id': response.body.incidentId, 'incident.tier': 'critical', 'incident.transition': 'Triggered', 'incident.action': span.resource, 'incident.action_outcome': 'done' });
      expect(span.metrics['incident.action_attempt']).toBe(1);
    }
    // The delivery is written in PostgreSQL inside the receipt's span.
    expect(spans.some((span) => span.service === 'incident' && span.name === 'postgresql.query' && BigInt(span.parent_id) === BigInt(receive!.span_id))).toBe(true);
    // The calls to PagerDuty and Slack are the actions' client spans; the Slack webhook URL (a credential) shows no path.
    const clientCall = (action: string) => {
      const parent = actionSpans.find((span) => span.resource === action)!;
      return spans.find((span) => span.name === 'http.client.request' && BigInt(span.parent_id) === BigInt(parent.span_id));
    };
    expect(clientCall('pagerduty_trigger')?.meta['http.url']).toMatch(/^http:\/\/[^/]+\/v2\/enqueue$/);
    expect(clientCall('slack')?.meta['http.url']).toMatch(/^http:\/\/[^/]+\/<redacted>$/);
    // No secret on any span: neither the webhook's nor the Slack URL's path.
    expect(JSON.stringify(spans)).not.toContain(SECRET);
    expect(JSON.stringify(spans)).not.toContain('/slack/');
  });

  it('does nothing more for a duplicate delivery, and resolves both channels on recovery', async () => {
    const seq = await sinkSeq();
    const triggered = alert({ tags: 'tier:performance,service:product,alert:latency' });
    expect((await deliver(triggered)).status).toBe(202);
    await waitFor('the first page', async () => ((await received(seq, triggered.alertCycleKey, triggered.title)).pagerduty.length > 0 ? true : undefined));

    const since = await lastMetricSeq();
    const test = newTraceContext();
    const duplicate = await deliver(triggered, { [SECRET_HEADER]: SECRET, ...test.headers });
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toEqual({ deliveryId: triggered.id, duplicate: true, incidentId: null, actions: [] });
    const [duplicateReceipt] = (await waitForTrace(test.traceId, (all) => all.some((span) => span.name === 'incident.receive'))).filter((span) => span.name === 'incident.receive');
    expect(duplicateReceipt!.metrics['incident.duplicate']).toBe(1);
    expect(duplicateReceipt!.meta).toMatchObject({ 'incident.delivery_id': triggered.id, 'incident.actions': 'none' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const afterDuplicate = await received(seq, triggered.alertCycleKey, triggered.title);
    expect([afterDuplicate.pagerduty.length, afterDuplicate.slack.length]).toEqual([1, 1]);
    // (The first delivery's `accepted` may be flushed after `since`: metrics are sent once a second.)
    const counted = await waitFor('the duplicate counted', async () => {
      const outcomes = (await incidentLines(since, 'ecommerce.incident.webhooks')).map((line) => line.tags.outcome);
      return outcomes.includes('duplicate') ? outcomes : undefined;
    });
    expect(counted.filter((outcome) => outcome === 'duplicate')).toHaveLength(1);

    const recovered = await deliver(alert({ alertCycleKey: triggered.alertCycleKey, transition: 'Recovered', alertType: 'success', title: triggered.title, date: String(Number(triggered.date) + 60_000) }));
    expect(recovered.status).toBe(202);
    const all = await waitFor('the resolve', async () => {
      const now = await received(seq, triggered.alertCycleKey, triggered.title);
      return now.pagerduty.length === 2 && now.slack.length === 2 ? now : undefined;
    });
    expect(all.pagerduty.map((r) => r.body.event_action)).toEqual(['trigger', 'resolve']);
    expect(all.slack.map((r) => [r.tier, r.body.text?.startsWith(':white_check_mark: Resolved')])).toEqual([['performance', false], ['performance', true]]);

    const listed = await api('/api/admin/incidents?limit=20', { headers: admin });
    expect(listed.status).toBe(200);
    const incident = (listed.body.items as Array<{ id: string; status: string; actions: Array<{ kind: string; status: string }> }>).find((item) => item.id === recovered.body.incidentId);
    expect(incident?.status).toBe('resolved');
    expect(incident?.actions.map((action) => `${action.kind}:${action.status}`)).toEqual(['pagerduty_trigger:done', 'slack:done', 'pagerduty_resolve:done', 'slack:done']);
    expect((await api('/api/admin/incidents')).status).toBe(401);
  });

  it('answers 401 to a missing or wrong secret and 400 to a malformed body, recording nothing', async () => {
    const since = await lastMetricSeq();
    const refused = [alert(), alert()];
    expect((await deliver(refused[0], {})).status).toBe(401);
    const wrong = await deliver(refused[1], { [SECRET_HEADER]: `${SECRET}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'unauthorized', message: `The ${SECRET_HEADER} header is missing or wrong` });
    const invalid = alert({ transition: 'Exploded' });
    const malformed = await deliver(invalid);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    for (const body of [...refused, invalid]) expect(await deliveriesWithId(body.id)).toBe(0);
    const outcomes = await waitFor('three webhook metrics', async () => {
      const lines = await incidentLines(since, 'ecommerce.incident.webhooks');
      return lines.length >= 3 ? lines.map((line) => line.tags.outcome) : undefined;
    });
    expect(outcomes).toEqual(['unauthorized', 'unauthorized', 'invalid']);
  });

  it('acknowledges the delivery while PagerDuty is down and pages once it is back', async () => {
    const [seq, since] = [await sinkSeq(), await lastMetricSeq()];
    expect((await fetch(`${alertSink}/control/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 503, times: 2 }) })).status).toBe(200);
    const triggered = alert({ tags: 'tier:business,alert:business' });
    const started = Date.now();
    const response = await deliver(triggered);
    expect(response.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2_000);

    const pages = await waitFor('PagerDuty to accept the page', async () => {
      const { pagerduty } = await received(seq, triggered.alertCycleKey, triggered.title);
      return pagerduty.some((r) => r.status === 202) ? pagerduty : undefined;
    }, 30_000);
    expect(pages.map((r) => r.status)).toEqual([503, 503, 202]);
    const outcomes = await waitFor('the page counted as done', async () => {
      const lines = (await incidentLines(since, 'ecommerce.incident.actions')).filter((line) => line.tags.action === 'pagerduty_trigger').map((line) => line.tags.outcome);
      return lines.includes('done') ? lines : undefined;
    });
    expect(outcomes).toEqual(['retry', 'retry', 'done']);
  });
});
