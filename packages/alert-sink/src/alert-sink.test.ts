import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pagerDutyProblems, startAlertSink, type AlertSink, type RecordedRequest } from './alert-sink';

let sink: AlertSink;
const ROUTING_KEY = 'a'.repeat(16) + '0123456789abcdef';
const call = (path: string, init?: RequestInit) => fetch(`${sink.url}${path}`, init);
const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const trigger = (overrides: Record<string, unknown> = {}) => ({
  routing_key: ROUTING_KEY,
  event_action: 'trigger',
  dedup_key: 'cycle-1',
  payload: { summary: 'Error rate spike on checkout', source: 'datadog', severity: 'critical' },
  ...overrides,
});
const listed = async (query = '') => (await (await call(`/requests${query}`)).json()) as { requests: RecordedRequest[]; lastSeq: number };

beforeAll(async () => {
  sink = await startAlertSink({ port: 0, capacity: 5 });
});
afterAll(() => sink?.close());
beforeEach(async () => {
  await call('/requests', { method: 'DELETE' });
  sink.fail('pagerduty', undefined);
  sink.fail('slack', undefined);
});

describe('PagerDuty Events API v2 stand-in', () => {
  it('accepts a trigger with 202 and its dedup key, and records it', async () => {
    const response = await post('/v2/enqueue', trigger());
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'cycle-1' });
    const { requests } = await listed('?channel=pagerduty');
    expect(requests).toEqual([expect.objectContaining({ channel: 'pagerduty', path: '/v2/enqueue', status: 202, body: trigger(), contentType: 'application/json' })]);
  });

  it('refuses what PagerDuty refuses, listing every problem, and records the refusal', async () => {
    const response = await post('/v2/enqueue', { routing_key: 'short', event_action: 'resolve', payload: {} });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { status: string; errors: string[] };
    expect(body.status).toBe('invalid event');
    expect(body.errors).toEqual([expect.stringContaining('routing_key'), expect.stringContaining('dedup_key')]);
    expect((await post('/v2/enqueue', '{not json')).status).toBe(400);
    expect((await listed()).requests.map((request) => request.status)).toEqual([400, 400]);
  });

  it('checks a trigger\'s payload: summary, source and a known severity', () => {
    expect(pagerDutyProblems(trigger())).toEqual([]);
    expect(pagerDutyProblems(trigger({ payload: { summary: '', source: 'x', severity: 'urgent' } }))).toEqual([
      expect.stringContaining('summary'),
      expect.stringContaining('severity'),
    ]);
    expect(pagerDutyProblems({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'cycle-1' })).toEqual([]);
    expect(pagerDutyProblems([])).toHaveLength(1);
  });

  it('answers the status it is told to until cleared, or for a number of requests', async () => {
    expect((await post('/control/pagerduty', { status: 503 })).status).toBe(200);
    expect((await post('/v2/enqueue', trigger())).status).toBe(503);
    expect((await post('/v2/enqueue', trigger())).status).toBe(503);
    expect(await (await call('/control')).json()).toEqual({ pagerduty: { status: 503 }, slack: null });
    expect((await call('/control/pagerduty', { method: 'DELETE' })).status).toBe(200);
    expect((await post('/v2/enqueue', trigger())).status).toBe(202);

    await post('/control/pagerduty', { status: 500, times: 1 });
    expect((await post('/v2/enqueue', trigger())).status).toBe(500);
    expect((await post('/v2/enqueue', trigger())).status).toBe(202);
    expect((await listed('?channel=pagerduty')).requests.map((request) => request.status)).toEqual([503, 503, 202, 500, 202]);
    expect((await post('/control/pagerduty', { status: 200 })).status).toBe(400);
    expect((await post('/control/nope', { status: 503 })).status).toBe(404);
  });
});

describe('Slack incoming webhook stand-in', () => {
  it('accepts a message with text or blocks at /slack/<tier> with 200 "ok", and records the tier', async () => {
    const response = await post('/slack/critical', { text: 'Error rate spike', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*spike*' } }] });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect((await post('/slack/business', { blocks: [{ type: 'divider' }] })).status).toBe(200);
    expect((await listed('?channel=slack')).requests.map((request) => request.tier)).toEqual(['critical', 'business']);
  });

  it('refuses a message with neither (no_text) or that is not JSON (invalid_payload)', async () => {
    const empty = await post('/slack/critical', { text: ' ' });
    expect([empty.status, await empty.text()]).toEqual([400, 'no_text']);
    const broken = await post('/slack/critical', 'text=hi');
    expect([broken.status, await broken.text()]).toEqual([400, 'invalid_payload']);
  });

  it('fails Slack alone when told to', async () => {
    await post('/control/slack', { status: 500 });
    expect((await post('/slack/critical', { text: 'x' })).status).toBe(500);
    expect((await post('/v2/enqueue', trigger())).status).toBe(202);
  });
});

describe('read API', () => {
  it('lists requests after a sequence number, by channel, and keeps only the most recent', async () => {
    for (let i = 0; i < 7; i++) await post('/slack/critical', { text: `message ${i}` });
    const all = await listed();
    expect(all.requests.map((request) => (request.body as { text: string }).text)).toEqual(['message 2', 'message 3', 'message 4', 'message 5', 'message 6']);
    const after = await listed(`?since=${all.requests[3]!.seq}`);
    expect(after.requests.map((request) => request.seq)).toEqual([all.requests[4]!.seq]);
    expect(after.lastSeq).toBe(all.requests[4]!.seq);
    expect((await listed('?channel=pagerduty')).requests).toEqual([]);
    expect((await call('/requests?channel=email')).status).toBe(400);
  });

  it('holds a request with wait until a matching one arrives', async () => {
    const { lastSeq } = await listed();
    const pending = listed(`?channel=pagerduty&since=${lastSeq}&wait=5000`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await post('/slack/critical', { text: 'not this one' });
    await post('/v2/enqueue', trigger());
    expect((await pending).requests.map((request) => request.channel)).toEqual(['pagerduty']);
  });

  it('forgets every request on DELETE /requests, answers its health check and 404 elsewhere', async () => {
    await post('/slack/critical', { text: 'x' });
    expect((await call('/requests', { method: 'DELETE' })).status).toBe(204);
    expect(sink.requests()).toEqual([]);
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/nope')).status).toBe(404);
  });
});
