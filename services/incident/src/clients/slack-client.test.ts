import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertSink, type AlertSink } from '@shopfast/alert-sink';
import type { IncidentNotice } from '../model/incident';
import { createSlackClient, slackMessage } from './slack-client';

let sink: AlertSink;
const notice: IncidentNotice = {
  dedupKey: 'cycle-3',
  incidentId: 'e7c8f6b2-1111-4222-8333-944455556666',
  title: 'p95 > baseline <on> search & listing',
  message: 'Latency 2 deviations above its baseline',
  tier: 'performance',
  service: 'product',
  alertKind: 'latency',
  alertId: '12',
  priority: 'P3',
  query: '',
  scope: '',
  link: 'https://app.datadoghq.com/monitors/12',
  transition: 'Triggered',
  occurredAt: new Date(),
};

beforeAll(async () => {
  sink = await startAlertSink({ port: 0 });
});
afterAll(() => sink?.close());

const client = () => createSlackClient({ webhooks: { critical: undefined, performance: `${sink.url}/slack/performance`, business: undefined }, timeoutMs: 2_000 });

describe('the Slack client', () => {
  it('posts to the incident\'s tier, a message Slack accepts', async () => {
    expect(await client().post(notice, 'triggered')).toEqual({ status: 'done', detail: { status: 200, tier: 'performance', state: 'triggered' } });
    expect(sink.requests('slack').at(-1)).toMatchObject({ tier: 'performance', status: 200 });
  });

  it('skips, without a request, a tier with no webhook URL', async () => {
    const before = sink.requests('slack').length;
    expect(await client().post({ ...notice, tier: 'critical' }, 'triggered')).toEqual({ status: 'skipped', reason: 'SLACK_WEBHOOK_URL_CRITICAL is not set' });
    expect(sink.requests('slack')).toHaveLength(before);
  });

  it('retries a 5xx, not a refused message', async () => {
    sink.fail('slack', 500, 1);
    await expect(client().post(notice, 'triggered')).rejects.toMatchObject({ retryable: true });
    sink.fail('slack', 404, 1);
    await expect(client().post(notice, 'triggered')).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('Slack answered 404') });
  });

  it('escapes what Slack would read as markup, and says resolved when it is', () => {
    const triggered = slackMessage(notice, 'triggered');
    expect(triggered.text).toBe(':rotating_light: [performance] p95 > baseline <on> search & listing');
    expect(JSON.stringify(triggered.blocks)).toContain('p95 &gt; baseline &lt;on&gt; search &amp; listing');
    expect(JSON.stringify(triggered.blocks)).toContain('<https://app.datadoghq.com/monitors/12|Open the monitor in Datadog>');
    const resolved = slackMessage(notice, 'resolved');
    expect(resolved.text).toBe(':white_check_mark: Resolved: p95 > baseline <on> search & listing');
    expect(JSON.stringify(resolved.blocks)).not.toContain('Latency 2 deviations');
  });
});
