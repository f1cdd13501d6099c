import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlertSink, type AlertSink } from '@shopfast/alert-sink';
import type { IncidentNotice } from '../model/incident';
import { createPagerDutyClient } from './pagerduty-client';

let sink: AlertSink;
const ROUTING_KEY = '0123456789abcdef0123456789abcdef';
const notice: IncidentNotice = {
  dedupKey: 'cycle-9',
  incidentId: '5b6f0f8e-2f4e-4d2c-9d43-0e9f1c2b3a4d',
  title: 'Checkout availability burn rate',
  message: 'Burning the monthly budget 14x too fast',
  tier: 'business',
  service: null,
  alertKind: 'availability',
  alertId: '77',
  priority: 'P2',
  query: 'burn_rate(...)',
  scope: '',
  link: 'not a url',
  transition: 'Triggered',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
};

beforeAll(async () => {
  sink = await startAlertSink({ port: 0 });
});
afterAll(() => sink?.close());
beforeEach(() => sink.fail('pagerduty', undefined));

const client = (routingKey: string | undefined) => createPagerDutyClient({ eventsUrl: `${sink.url}/v2/enqueue`, routingKey, timeoutMs: 2_000 });

describe('the PagerDuty client', () => {
  it('sends a trigger PagerDuty accepts, with the tier\'s severity and no link that is not a URL', async () => {
    expect(await client(ROUTING_KEY).trigger(notice)).toEqual({ status: 'done', detail: { status: 202, dedupKey: 'cycle-9' } });
    const body = sink.requests('pagerduty').at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: 'cycle-9', payload: { source: 'datadog', severity: 'warning', group: 'business', class: 'availability', timestamp: '2026-12-01T10:00:00.000Z' } });
    expect(body).not.toHaveProperty('links');
    expect(await client(ROUTING_KEY).resolve(notice)).toEqual({ status: 'done', detail: { status: 202, dedupKey: 'cycle-9' } });
  });

  it('cuts a summary to PagerDuty\'s 1024 characters', async () => {
    await client(ROUTING_KEY).trigger({ ...notice, title: 'x'.repeat(2_000) });
    expect(sink.requests('pagerduty').at(-1)!.status).toBe(202);
  });

  it('skips, without a request, when no routing key is configured', async () => {
    const before = sink.requests('pagerduty').length;
    expect(await client(undefined).trigger(notice)).toEqual({ status: 'skipped', reason: 'PAGERDUTY_ROUTING_KEY is not set' });
    expect(sink.requests('pagerduty')).toHaveLength(before);
  });

  it('says whether a failure is worth retrying: 5xx, 429 and no answer are; a 400 is not', async () => {
    sink.fail('pagerduty', 503);
    await expect(client(ROUTING_KEY).trigger(notice)).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('PagerDuty answered 503') });
    sink.fail('pagerduty', 429);
    await expect(client(ROUTING_KEY).trigger(notice)).rejects.toMatchObject({ retryable: true });
    sink.fail('pagerduty', undefined);
    await expect(client('short').trigger(notice)).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('routing_key') });
    const nowhere = createPagerDutyClient({ eventsUrl: 'http://127.0.0.1:9/v2/enqueue', routingKey: ROUTING_KEY, timeoutMs: 1_000 });
    await expect(nowhere.trigger(notice)).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('could not be reached') });
  });
});
