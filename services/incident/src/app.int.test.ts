// First: the tracer must be loaded before express, so requests are traced as in the service.
import '@shopfast/tracing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlertSink, type AlertSink } from '@shopfast/alert-sink';
import { WEBHOOK_SECRET_HEADER, type DatadogWebhookPayload, type IncidentPage } from '@shopfast/contracts';
import { createCallerVerifier, createTokenIssuer, generateServiceKeys, type ActingFor } from '@shopfast/service-kit';
import { createPostgresPool, migratePostgres, type PgPool } from '@shopfast/stores';
import { freshPostgresDatabase, listenedMetrics, newTraceContext, waitFor, waitForTrace } from '@shopfast/test-kit';
import { createPagerDutyClient } from './clients/pagerduty-client';
import type { Scaler } from './clients/scalers/scaler';
import { createSlackClient } from './clients/slack-client';
import { ChannelError } from './model/incident';
import { migrations } from './store/migrations';
import { wireIncident, type IncidentSettings, type IncidentService } from './wire';

const logger = pino({ level: 'silent' });
const listened = listenedMetrics('incident');
const { metrics } = listened;
/** Keys of this run: the gateway signs, the incident service verifies (test-kit's keys do not know `incident`). */
const keys = generateServiceKeys(['gateway', 'incident', 'order'] as const);
const SECRET = `${randomUUID()}${randomUUID()}`.replace(/-/g, '');
const ROUTING_KEY = randomUUID().replace(/-/g, '');

let pool: PgPool;
let sink: AlertSink;
let service: IncidentService;
let app: IncidentService['app'];
/** Every scale-up the recording scaler was asked for, in order. */
const scaled: string[] = [];
/** Set: the recording scaler fails (after recording the request) as a scaler that cannot reach its API would. */
let scalerDown = false;
const scaler: Scaler = {
  name: 'log',
  async scaleUp(name) {
    scaled.push(name);
    if (scalerDown) throw new ChannelError('the scaler\'s API could not be reached', true);
    return { scaler: 'log', service: name, result: 'logged' };
  },
};
const settings: IncidentSettings = {
  ACTIONS_POLL_MS: 100,
  ACTION_MAX_ATTEMPTS: 30,
  ACTION_RETRY_BASE_MS: 100,
  ACTION_RETRY_MAX_MS: 400,
  CHANNEL_TIMEOUT_MS: 2_000,
  SCALER: 'log',
  SCALE_ALLOWED_SERVICES: new Set(['order', 'cart']),
};

/**
 * The incident service as main.ts wires it, on the test database, its channels pointed at an in-process
 * alert sink (the business tier has no Slack URL: unconfigured), its worker polling every 100 ms and
 * retrying after 100 ms, 200 ms, 400 ms...
 */
const incidentService = ({ pagerDutyUrl = `${sink.url}/v2/enqueue` } = {}) =>
  wireIncident({
    config: settings,
    logger,
    metrics,
    callers: createCallerVerifier(keys.incident),
    pool,
    webhookSecret: SECRET,
    pagerduty: createPagerDutyClient({ eventsUrl: pagerDutyUrl, routingKey: ROUTING_KEY, timeoutMs: settings.CHANNEL_TIMEOUT_MS }),
    slack: createSlackClient({ webhooks: { critical: `${sink.url}/slack/critical`, performance: `${sink.url}/slack/performance`, business: undefined }, timeoutMs: settings.CHANNEL_TIMEOUT_MS }),
    scaler,
  });

const gatewayToken = async (actingFor: ActingFor = {}, from: 'gateway' | 'order' = 'gateway') => ({ authorization: `Bearer ${await createTokenIssuer(keys[from]).tokenFor('incident', actingFor)}` });

let deliveries = 0;
/** A delivery as the webhook template renders it: a new $ID and a new alert cycle unless given. */
const payload = (overrides: Partial<DatadogWebhookPayload> = {}): DatadogWebhookPayload => ({
  version: '1',
  id: `${Date.now()}${++deliveries}`,
  alertId: '4242',
  alertCycleKey: `cycle-${randomUUID()}`,
  transition: 'Triggered',
  alertType: 'error',
  eventType: 'query_alert_monitor',
  // Unique, so each test finds its own Slack posts by title.
  title: `[Triggered on {service:order}] Error rate spike on order (${deliveries})`,
  message: 'Error rate above 5 % while traffic grew less than 50 %. @webhook-shopfast-incident',
  priority: 'P1',
  query: 'sum(last_5m):sum:trace.express.request.errors{service:order}.as_count() > 10',
  // A simple monitor's scope; a multi-alert's names its group (`service:cart`), which wins over the tags.
  scope: '',
  tags: 'managed-by:shopfast,managed_key:order-error-spike,team:shopfast,tier:critical,env:test,service:order,alert:error_rate_spike',
  date: String(Date.now()),
  link: 'https://app.datadoghq.com/monitors/4242',
  orgId: '1',
  ...overrides,
});
const recovery = (triggered: DatadogWebhookPayload, overrides: Partial<DatadogWebhookPayload> = {}) =>
  payload({ alertCycleKey: triggered.alertCycleKey, transition: 'Recovered', alertType: 'success', title: `[Recovered] ${triggered.title}`, date: String(Number(triggered.date) + 60_000), ...overrides });

/** POST /webhooks/datadog as the gateway forwards it (to `to`, default the service); `secret: null` sends no secret header at all. */
async function deliver(body: unknown, secret: string | null = SECRET, headers: Record<string, string> = {}, to = app) {
  const call = request(to).post('/webhooks/datadog').set(await gatewayToken()).set(headers);
  if (secret !== null) call.set(WEBHOOK_SECRET_HEADER, secret);
  return call.send(body as object);
}

/** PagerDuty events of every incident of the cycle key (their dedup keys are `<cycle key>:<incident seq>`). */
const pagerDutyFor = (alertCycleKey: string) => sink.requests('pagerduty').filter((r) => (r.body as { dedup_key?: string } | undefined)?.dedup_key?.startsWith(`${alertCycleKey}:`));
/** The PagerDuty dedup key of an incident. */
const dedupKeyOf = async (incidentId: string) => {
  const [row] = (await pool.query<{ alert_cycle_key: string; seq: string }>('SELECT alert_cycle_key, seq FROM incidents WHERE id = $1', [incidentId])).rows;
  return `${row!.alert_cycle_key}:${row!.seq}`;
};
const slackTitled = (title: string) => sink.requests('slack').filter((r) => (r.body as { text?: string }).text?.includes(title));
const actionsOf = async (incidentId: string) =>
  (await pool.query<{ kind: string; status: string; attempts: number; last_error: string | null }>('SELECT kind, status, attempts, last_error FROM incident_actions WHERE incident_id = $1 ORDER BY id', [incidentId])).rows;
/** Waits until no action of the incident is pending, and returns them all. */
const settled = (incidentId: string, timeoutMs = 10_000) =>
  waitFor('the incident\'s actions to settle', async () => {
    const actions = await actionsOf(incidentId);
    return actions.length > 0 && actions.every((action) => action.status !== 'pending') ? actions : undefined;
  }, timeoutMs, 100);
const deliveryCount = async (id: string) => (await pool.query('SELECT 1 FROM deliveries WHERE id = $1', [id])).rowCount;
const incidentsOfCycle = async (alertCycleKey: string) =>
  (await pool.query<{ id: string; status: string; service: string | null }>('SELECT id, status, service FROM incidents WHERE alert_cycle_key = $1 ORDER BY seq', [alertCycleKey])).rows;
/** Waits until no action at all is pending (nothing of one test runs on into the next). */
const allSettled = (timeoutMs = 15_000) =>
  waitFor('every action to settle', async () => ((await service.store.pendingActionCount()) === 0 ? true : undefined), timeoutMs, 100);
const adminList = async (query = '') => request(app).get(`/admin/incidents${query}`).set(await gatewayToken({ admin: true }));

beforeAll(async () => {
  pool = createPostgresPool(await freshPostgresDatabase('shopfast_incident_integration_test'), 'incident-test');
  expect(await migratePostgres(pool, migrations)).toEqual(['001-create-incidents', '002-cycles-reopen-and-action-leases']);
  sink = await startAlertSink({ port: 0 });
  service = incidentService();
  app = service.app;
  await service.jobs.start();
});

afterAll(async () => {
  await service?.jobs.stop();
  await metrics.close();
  await sink?.close();
  await pool?.end();
});

beforeEach(() => {
  sink.fail('pagerduty', undefined);
  sink.fail('slack', undefined);
  scalerDown = false;
});

describe('a triggered alert', () => {
  it('is acknowledged with 202 at once, then pages PagerDuty once, posts to its tier\'s Slack once and asks for one scale-up', async () => {
    await listened.reset();
    const alert = payload();
    const response = await deliver(alert);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ deliveryId: alert.id, duplicate: false, incidentId: expect.any(String), actions: ['pagerduty_trigger', 'slack', 'scale_up'] });
    const { incidentId } = response.body as { incidentId: string };

    expect((await settled(incidentId)).map(({ kind, status, attempts }) => ({ kind, status, attempts }))).toEqual([
      { kind: 'pagerduty_trigger', status: 'done', attempts: 1 },
      { kind: 'slack', status: 'done', attempts: 1 },
      { kind: 'scale_up', status: 'done', attempts: 1 },
    ]);
    const [page] = pagerDutyFor(alert.alertCycleKey);
    expect(pagerDutyFor(alert.alertCycleKey)).toHaveLength(1);
    expect(page).toMatchObject({ status: 202, contentType: 'application/json' });
    expect(page!.body).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: await dedupKeyOf(incidentId),
      payload: {
        summary: `[critical] ${alert.title}`,
        source: 'order',
        severity: 'critical',
        component: 'order',
        group: 'critical',
        class: 'error_rate_spike',
        custom_details: expect.objectContaining({ message: alert.message, priority: 'P1', monitor_id: '4242', incident_id: incidentId }),
      },
      links: [{ href: alert.link, text: 'Datadog monitor' }],
    });
    const posts = slackTitled(alert.title);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ tier: 'critical', status: 200 });
    expect((posts[0]!.body as { text: string }).text).toBe(`:rotating_light: [critical] ${alert.title}`);
    expect(scaled.filter((name) => name === 'order')).toHaveLength(1);

    expect(await listened.received('ecommerce.incident.webhooks')).toEqual(['ecommerce.incident.webhooks:1|c|#outcome:accepted']);
    expect(await listened.received('ecommerce.incidents.opened')).toEqual(['ecommerce.incidents.opened:1|c|#tier:critical']);
    expect((await listened.received('ecommerce.incident.actions:')).sort()).toEqual([
      'ecommerce.incident.actions:1|c|#action:pagerduty_trigger,outcome:done',
      'ecommerce.incident.actions:1|c|#action:scale_up,outcome:done',
      'ecommerce.incident.actions:1|c|#action:slack,outcome:done',
    ]);
    expect(await listened.received('ecommerce.incident.scale_requests')).toEqual(['ecommerce.incident.scale_requests:1|c|#scaler:log,scaled_service:order,result:logged']);
    expect(await listened.received('ecommerce.incident.actions_pending')).toContain('ecommerce.incident.actions_pending:0|g');
  });

  it('does nothing more for a duplicate: the same $ID again, or the same transition of the same cycle under another id', async () => {
    const alert = payload();
    const first = await deliver(alert);
    await settled(first.body.incidentId);
    const scaledBefore = scaled.length;
    await listened.reset();

    const again = await deliver(alert);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ deliveryId: alert.id, duplicate: true, incidentId: null, actions: [] });
    const sameEvent = await deliver({ ...alert, id: `${alert.id}-other` });
    expect(sameEvent.status).toBe(200);
    expect(sameEvent.body.duplicate).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pagerDutyFor(alert.alertCycleKey)).toHaveLength(1);
    expect(slackTitled(alert.title)).toHaveLength(1);
    expect(scaled).toHaveLength(scaledBefore);
    expect(await actionsOf(first.body.incidentId)).toHaveLength(3);
    expect(await deliveryCount(`${alert.id}-other`)).toBe(0);
    expect(await listened.received('ecommerce.incident.webhooks')).toEqual(['ecommerce.incident.webhooks:1|c|#outcome:duplicate', 'ecommerce.incident.webhooks:1|c|#outcome:duplicate']);
    expect(await listened.received('ecommerce.incident.actions:')).toEqual([]);
  });

  it('opens one incident per cycle: a re-trigger asks for another scale-up and pages no one again', async () => {
    const alert = payload();
    const first = await deliver(alert);
    await settled(first.body.incidentId);
    const retrigger = await deliver(payload({ alertCycleKey: alert.alertCycleKey, transition: 'Re-Triggered', date: String(Number(alert.date) + 1_000) }));
    expect(retrigger.status).toBe(202);
    expect(retrigger.body).toMatchObject({ incidentId: first.body.incidentId, actions: ['scale_up'] });
    await settled(first.body.incidentId);
    expect(pagerDutyFor(alert.alertCycleKey)).toHaveLength(1);
    expect((await actionsOf(first.body.incidentId)).map((action) => action.kind)).toEqual(['pagerduty_trigger', 'slack', 'scale_up', 'scale_up']);
  });

  it('scales the service the alert\'s scope names (a multi-alert grouped by service) before the monitor\'s own service tag', async () => {
    const alert = payload({ scope: 'env:test,service:cart', tags: 'tier:critical,service:order,alert:error_rate_spike' });
    const scaledBefore = scaled.length;
    const { incidentId } = (await deliver(alert)).body as { incidentId: string };
    expect((await settled(incidentId)).find((action) => action.kind === 'scale_up')?.status).toBe('done');
    expect(scaled.slice(scaledBefore)).toEqual(['cart']);
    expect(await incidentsOfCycle(alert.alertCycleKey)).toEqual([expect.objectContaining({ service: 'cart' })]);
  });
});

describe('a recovery', () => {
  it('resolves the PagerDuty incident with the same dedup key, posts "resolved" to Slack and closes the incident', async () => {
    const alert = payload({ tags: 'tier:performance,service:cart,alert:latency', title: `p95 latency over baseline ${randomUUID()}` });
    const opened = await deliver(alert);
    expect(opened.body.actions).toEqual(['pagerduty_trigger', 'slack']);
    await settled(opened.body.incidentId);

    const resolved = await deliver(recovery(alert, { title: alert.title }));
    expect(resolved.status).toBe(202);
    expect(resolved.body).toMatchObject({ incidentId: opened.body.incidentId, actions: ['pagerduty_resolve', 'slack'] });
    await settled(opened.body.incidentId);

    const dedupKey = await dedupKeyOf(opened.body.incidentId);
    expect(pagerDutyFor(alert.alertCycleKey).map((r) => r.body)).toEqual([
      expect.objectContaining({ event_action: 'trigger', dedup_key: dedupKey, payload: expect.objectContaining({ severity: 'error', group: 'performance' }) }),
      { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: dedupKey },
    ]);
    expect(slackTitled(alert.title).map((r) => [r.tier, (r.body as { text: string }).text])).toEqual([
      ['performance', `:rotating_light: [performance] ${alert.title}`],
      ['performance', `:white_check_mark: Resolved: ${alert.title}`],
    ]);
    const [incident] = (await adminList('?limit=5')).body.items.filter((item: { id: string }) => item.id === opened.body.incidentId);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: new Date(Number(alert.date) + 60_000).toISOString(), tier: 'performance', service: 'cart', alertKind: 'latency' });
  });

  it('records a recovery without an open incident, and a trigger whose recovery came first, without acting', async () => {
    const alert = payload();
    const early = await deliver(recovery(alert));
    expect(early.body).toMatchObject({ duplicate: false, incidentId: null, actions: [] });
    const late = await deliver(alert);
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ duplicate: false, incidentId: null, actions: [] });
    expect(await deliveryCount(alert.id)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pagerDutyFor(alert.alertCycleKey)).toEqual([]);
  });

  it('never leaves an incident open when its trigger and its recovery arrive at the same moment', async () => {
    const cycles = Array.from({ length: 30 }, () => payload({ tags: 'tier:business,alert:business' }));
    const answers = await Promise.all(cycles.flatMap((alert) => [deliver(alert), deliver(recovery(alert))]));
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(202));
    for (const alert of cycles) {
      const incidents = await incidentsOfCycle(alert.alertCycleKey);
      // Trigger first: opened, then resolved by the recovery. Recovery first: the trigger is known to be over.
      expect(incidents.map((incident) => incident.status), alert.alertCycleKey).toEqual(incidents.length === 0 ? [] : ['resolved']);
      if (incidents.length === 1) expect((await actionsOf(incidents[0]!.id)).map((action) => action.kind)).toEqual(['pagerduty_trigger', 'slack', 'pagerduty_resolve', 'slack']);
    }
    await allSettled();
  });

  it('opens a new incident when a monitor without a cycle key triggers again after its recovery', async () => {
    // $ALERT_CYCLE_KEY empty: every cycle of the monitor falls back to the key alert-<alertId>.
    const alertId = String(Date.now());
    const first = payload({ alertId, alertCycleKey: '', tags: 'tier:critical,alert:availability' });
    const opened = await deliver(first);
    await settled(opened.body.incidentId);
    expect((await deliver(recovery(first, { alertId }))).body).toMatchObject({ incidentId: opened.body.incidentId, actions: ['pagerduty_resolve', 'slack'] });
    await settled(opened.body.incidentId);

    const again = await deliver(payload({ alertId, alertCycleKey: '', tags: 'tier:critical,alert:availability', date: String(Number(first.date) + 3_600_000) }));
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ duplicate: false, actions: ['pagerduty_trigger', 'slack'] });
    expect(again.body.incidentId).not.toBe(opened.body.incidentId);
    await settled(again.body.incidentId);
    expect((await incidentsOfCycle(`alert-${alertId}`)).map((incident) => [incident.id, incident.status])).toEqual([
      [opened.body.incidentId, 'resolved'],
      [again.body.incidentId, 'open'],
    ]);
    expect(pagerDutyFor(`alert-${alertId}`).map((r) => `${(r.body as { event_action: string }).event_action} ${r.status}`)).toEqual(['trigger 202', 'resolve 202', 'trigger 202']);
  });

  it('pages each cycle of a key under its own dedup key, so a late resolve of one cycle cannot close the next one\'s page', async () => {
    // Empty $ALERT_CYCLE_KEY; PagerDuty refuses the first trigger once, so cycle 2's trigger may reach it
    // before cycle 1's resolve.
    const alertId = `order-${randomUUID()}`;
    const t1 = payload({ alertId, alertCycleKey: '', tags: 'tier:critical,alert:availability' });
    sink.fail('pagerduty', 503, 1);
    const first = await deliver(t1);
    await waitFor('the refused first trigger', async () => (pagerDutyFor(`alert-${alertId}`).length > 0 ? true : undefined), 5_000, 20);
    expect((await deliver(recovery(t1, { alertId }))).body.actions).toEqual(['pagerduty_resolve', 'slack']);
    const second = await deliver(payload({ alertId, alertCycleKey: '', tags: 'tier:critical,alert:availability', date: String(Number(t1.date) + 120_000) }));
    expect(second.body).toMatchObject({ actions: ['pagerduty_trigger', 'slack'] });
    await settled(first.body.incidentId);
    await settled(second.body.incidentId);

    const [key1, key2] = [await dedupKeyOf(first.body.incidentId), await dedupKeyOf(second.body.incidentId)];
    expect(key1).not.toBe(key2);
    const events = pagerDutyFor(`alert-${alertId}`).map((r) => r.body as { event_action: string; dedup_key: string });
    expect(events.filter((event) => event.dedup_key === key1).map((event) => event.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(events.filter((event) => event.dedup_key === key2).map((event) => event.event_action)).toEqual(['trigger']);
    expect((await incidentsOfCycle(`alert-${alertId}`)).map((incident) => incident.status)).toEqual(['resolved', 'open']);
  });

  it('opens the next cycle\'s incident when a recovery arrives after that cycle\'s trigger (one key for every cycle)', async () => {
    const alertId = `order-${randomUUID()}`;
    const tags = 'tier:critical,service:order,alert:error_rate_spike';
    const t1 = payload({ alertId, alertCycleKey: '', tags });
    const t2 = payload({ alertId, alertCycleKey: '', tags, title: `${t1.title} again`, date: String(Number(t1.date) + 120_000) });
    const first = await deliver(t1);
    await settled(first.body.incidentId);
    // Cycle 2 triggers while cycle 1's incident is still open: only its scale-up, on that incident.
    expect((await deliver(t2)).body).toMatchObject({ incidentId: first.body.incidentId, actions: ['scale_up'] });
    await listened.reset();
    const late = await deliver(recovery(t1, { alertId, date: String(Number(t1.date) + 60_000) }));
    expect(late.status).toBe(202);
    expect(await listened.received('ecommerce.incidents.opened')).toEqual(['ecommerce.incidents.opened:1|c|#tier:critical']);
    expect(late.body).toMatchObject({ incidentId: first.body.incidentId, actions: ['pagerduty_resolve', 'slack', 'pagerduty_trigger', 'slack'] });

    const incidents = await incidentsOfCycle(`alert-${alertId}`);
    expect(incidents.map((incident) => incident.status)).toEqual(['resolved', 'open']);
    const next = incidents[1]!.id;
    expect((await settled(first.body.incidentId)).map(({ kind, status }) => [kind, status])).toEqual([
      ['pagerduty_trigger', 'done'], ['slack', 'done'], ['scale_up', 'done'], ['pagerduty_resolve', 'done'], ['slack', 'done'],
    ]);
    // Cycle 2's scale-up went with it; its page and post are its own.
    expect((await settled(next)).map(({ kind, status }) => [kind, status])).toEqual([['scale_up', 'done'], ['pagerduty_trigger', 'done'], ['slack', 'done']]);
    const nextKey = await dedupKeyOf(next);
    const [page] = sink.requests('pagerduty').filter((r) => (r.body as { dedup_key?: string }).dedup_key === nextKey);
    expect(page?.body).toMatchObject({ event_action: 'trigger', payload: { summary: `[critical] ${t2.title}`, custom_details: expect.objectContaining({ incident_id: next }) } });
    expect(slackTitled(t2.title).map((r) => (r.body as { text: string }).text)).toEqual([`:rotating_light: [critical] ${t2.title}`]);
    const [delivery] = (await pool.query<{ incident_id: string }>('SELECT incident_id FROM deliveries WHERE id = $1', [t2.id])).rows;
    expect(delivery!.incident_id).toBe(next);
  });

  it('leaves the open incident alone when a recovery of an earlier cycle arrives after the next cycle opened it', async () => {
    const alertId = `order-${randomUUID()}`;
    const t2 = payload({ alertId, alertCycleKey: '', tags: 'tier:critical,alert:availability' });
    const opened = await deliver(t2);
    const stale = await deliver(payload({ alertId, alertCycleKey: '', transition: 'Recovered', alertType: 'success', date: String(Number(t2.date) - 60_000) }));
    expect(stale.body).toMatchObject({ incidentId: opened.body.incidentId, actions: [] });
    expect((await incidentsOfCycle(`alert-${alertId}`)).map((incident) => incident.status)).toEqual(['open']);
    expect((await settled(opened.body.incidentId)).map(({ kind }) => kind)).toEqual(['pagerduty_trigger', 'slack']);
  });

  it('cancels a scale-up still being retried once the alert recovers, instead of retrying it for hours', async () => {
    scalerDown = true;
    const alert = payload({ tags: 'tier:performance,service:order,alert:error_rate_spike' });
    const { incidentId } = (await deliver(alert)).body as { incidentId: string };
    await waitFor('two refused scale-ups', async () => ((await actionsOf(incidentId)).find((action) => action.kind === 'scale_up')!.attempts >= 2 ? true : undefined), 10_000, 50);
    expect((await deliver(recovery(alert))).status).toBe(202);
    const scaleUp = (await settled(incidentId, 5_000)).find((action) => action.kind === 'scale_up')!;
    expect(scaleUp.status).toBe('skipped');
    const [listed] = ((await adminList('?limit=20')).body as IncidentPage).items.filter((item) => item.id === incidentId);
    expect(listed!.actions.find((action) => action.kind === 'scale_up')!.outcome).toEqual({ reason: 'the alert recovered before the scale-up was made' });
    const asked = scaled.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(scaled).toHaveLength(asked);
  });
});

describe('who may deliver', () => {
  it('answers 401 in the error shape to a missing or wrong secret, and records nothing', async () => {
    await listened.reset();
    for (const secret of [null, '', 'wrong-secret', SECRET.slice(0, -1), `${SECRET}x`]) {
      const alert = payload();
      const response = await deliver(alert, secret);
      expect(response.status, String(secret)).toBe(401);
      expect(response.body).toEqual({ error: { code: 'unauthorized', message: `The ${WEBHOOK_SECRET_HEADER} header is missing or wrong` } });
      expect(await deliveryCount(alert.id)).toBe(0);
    }
    expect(await listened.received('ecommerce.incident.webhooks')).toEqual(Array(5).fill('ecommerce.incident.webhooks:1|c|#outcome:unauthorized'));
  });

  it('takes deliveries from the gateway only: 401 without a service token, 403 from another service', async () => {
    const alert = payload();
    const bare = await request(app).post('/webhooks/datadog').set(WEBHOOK_SECRET_HEADER, SECRET).send(alert);
    expect(bare.status).toBe(401);
    const fromOrder = await request(app).post('/webhooks/datadog').set(await gatewayToken({}, 'order')).set(WEBHOOK_SECRET_HEADER, SECRET).send(alert);
    expect(fromOrder.status).toBe(403);
    expect(await deliveryCount(alert.id)).toBe(0);
  });

  it('answers 400 validation_failed to a body that is not the template, and records nothing', async () => {
    await listened.reset();
    const before = Number((await pool.query('SELECT count(*) AS n FROM deliveries')).rows[0].n);
    const cases: unknown[] = [
      {},
      { ...payload(), version: '2' },
      { ...payload(), transition: 'Exploded' },
      { ...payload(), date: 'yesterday' },
      { ...payload(), id: '' },
      { ...payload(), tags: ['tier:critical'] },
      [payload()],
    ];
    for (const body of cases) {
      const response = await deliver(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const malformed = await request(app).post('/webhooks/datadog').set(await gatewayToken()).set(WEBHOOK_SECRET_HEADER, SECRET).set('content-type', 'application/json').send('{"id": "1",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    expect(Number((await pool.query('SELECT count(*) AS n FROM deliveries')).rows[0].n)).toBe(before);
    expect(await listened.received('ecommerce.incident.webhooks')).toEqual(Array(cases.length).fill('ecommerce.incident.webhooks:1|c|#outcome:invalid'));
  });

  it('takes over-long free text cut to its limit rather than refusing the alert with a 400 no one retries', async () => {
    const alert = payload({ title: 'T'.repeat(501), message: 'm'.repeat(10_001), tags: `tier:performance,alert:latency,${'x'.repeat(4_000)}` });
    const response = await deliver(alert);
    expect(response.status).toBe(202);
    const stored = (await pool.query<{ payload: DatadogWebhookPayload }>('SELECT payload FROM deliveries WHERE id = $1', [alert.id])).rows[0]!.payload;
    expect([stored.title.length, stored.message.length, stored.tags.length]).toEqual([500, 10_000, 4_000]);
    await settled(response.body.incidentId);
    expect(((await adminList('?limit=20')).body as IncidentPage).items.find((item) => item.id === response.body.incidentId)).toMatchObject({ title: 'T'.repeat(500), tier: 'performance' });
  });

  it('stores text PostgreSQL would refuse instead of failing with a 500 Datadog retries for ever: an emoji cut in two, a lone surrogate, NUL', async () => {
    const stored = async (id: string) => (await pool.query<{ payload: DatadogWebhookPayload }>('SELECT payload FROM deliveries WHERE id = $1', [id])).rows[0]?.payload;
    const emojiAtCut = payload({ title: `${'a'.repeat(499)}\u{1F525} fire` });
    const loneSurrogate = payload({ title: `\ud800 lone ${randomUUID()}` });
    const nul = payload({ message: 'a\u0000b', alertCycleKey: `cycle-\u0000${randomUUID()}` });
    for (const alert of [emojiAtCut, loneSurrogate, nul]) expect((await deliver(alert)).status, alert.id).toBe(202);
    expect((await stored(emojiAtCut.id))!.title).toBe('a'.repeat(499));
    expect((await stored(loneSurrogate.id))!.title).toBe(`\uFFFD${loneSurrogate.title.slice(1)}`);
    expect((await stored(nul.id))!.message).toBe('ab');
    expect((await stored(nul.id))!.alertCycleKey).toBe(nul.alertCycleKey.replace('\u0000', ''));
    // What names the delivery is not changed but refused, in the error shape, and nothing is recorded.
    for (const id of [`${Date.now()}\u0000`, `${Date.now()}\ud800`]) {
      const refused = await deliver(payload({ id }));
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'id' })] });
    }
    await allSettled();
  });

  it('records a Null transition (documented by Datadog) and does nothing about it', async () => {
    const alert = payload({ tags: 'tier:performance,alert:latency' });
    const opened = await deliver(alert);
    await settled(opened.body.incidentId);
    const unnamed = payload({ alertCycleKey: alert.alertCycleKey, transition: 'Null', date: String(Number(alert.date) + 1_000) });
    const response = await deliver(unnamed);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ deliveryId: unnamed.id, duplicate: false, incidentId: opened.body.incidentId, actions: [] });
    expect(await deliveryCount(unnamed.id)).toBe(1);
    expect(await actionsOf(opened.body.incidentId)).toHaveLength(2);
  });
});

describe('when a channel is down or not there', () => {
  it('acknowledges the delivery while PagerDuty answers 503, retries until it is up, and never resolves before the trigger got through', async () => {
    await listened.reset();
    sink.fail('pagerduty', 503);
    const alert = payload({ tags: 'tier:critical,service:cart,alert:availability' });
    const response = await deliver(alert);
    expect(response.status).toBe(202);
    const { incidentId } = response.body as { incidentId: string };
    await waitFor('three refused PagerDuty attempts', async () => (pagerDutyFor(alert.alertCycleKey).length >= 3 ? true : undefined), 10_000, 50);
    // The alert recovers while PagerDuty is still down: the resolve waits behind the trigger.
    expect((await deliver(recovery(alert))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pagerDutyFor(alert.alertCycleKey).every((r) => (r.body as { event_action: string }).event_action === 'trigger' && r.status === 503)).toBe(true);

    sink.fail('pagerduty', undefined);
    const actions = await settled(incidentId);
    expect(actions.map(({ kind, status }) => [kind, status])).toEqual([
      ['pagerduty_trigger', 'done'],
      ['slack', 'done'],
      ['pagerduty_resolve', 'done'],
      ['slack', 'done'],
    ]);
    expect(actions[0]!.attempts).toBeGreaterThanOrEqual(4);
    const sent = pagerDutyFor(alert.alertCycleKey).map((r) => `${(r.body as { event_action: string }).event_action} ${r.status}`);
    expect(sent.slice(-2)).toEqual(['trigger 202', 'resolve 202']);
    expect(new Set(sent.slice(0, -2))).toEqual(new Set(['trigger 503']));
    const counted = await listened.received('ecommerce.incident.actions:1|c|#action:pagerduty_trigger');
    expect(counted.filter((line) => line.endsWith('outcome:retry')).length).toBeGreaterThanOrEqual(3);
    expect(counted.filter((line) => line.endsWith('outcome:done'))).toHaveLength(1);
  });

  it('keeps owing an action across a restart: a new instance finishes what the old one could not', async () => {
    sink.fail('pagerduty', 503);
    const alert = payload({ tags: 'tier:critical,alert:availability' });
    const { incidentId } = (await deliver(alert)).body as { incidentId: string };
    await waitFor('a refused PagerDuty attempt', async () => (pagerDutyFor(alert.alertCycleKey).length >= 1 ? true : undefined), 5_000, 50);
    await service.jobs.stop();
    sink.fail('pagerduty', undefined);
    service = incidentService();
    app = service.app;
    await service.jobs.start();
    expect((await settled(incidentId)).map(({ kind, status }) => [kind, status])).toEqual([['pagerduty_trigger', 'done'], ['slack', 'done']]);
    expect(pagerDutyFor(alert.alertCycleKey).at(-1)?.status).toBe(202);
  });

  it('records a refused call as failed without retrying it, and an unconfigured channel as skipped', async () => {
    await listened.reset();
    sink.fail('pagerduty', 400, 1);
    const alert = payload({ tags: 'tier:business,service:order,alert:business', title: `Revenue under its forecast ${randomUUID()}` });
    const { incidentId } = (await deliver(alert)).body as { incidentId: string };
    const actions = await settled(incidentId);
    expect(actions.map(({ kind, status, attempts }) => [kind, status, attempts])).toEqual([
      ['pagerduty_trigger', 'failed', 1],
      ['slack', 'skipped', 1],
    ]);
    expect(actions[0]!.last_error).toContain('PagerDuty answered 400');
    expect(slackTitled(alert.title)).toEqual([]);
    expect((await listened.received('ecommerce.incident.actions:')).sort()).toEqual([
      'ecommerce.incident.actions:1|c|#action:pagerduty_trigger,outcome:failed',
      'ecommerce.incident.actions:1|c|#action:slack,outcome:skipped',
    ]);
    const { body } = await adminList('?limit=10');
    const listed = (body as IncidentPage).items.find((item) => item.id === incidentId)!;
    expect(listed.actions[1]).toMatchObject({ kind: 'slack', status: 'skipped', outcome: { reason: 'SLACK_WEBHOOK_URL_BUSINESS is not set' } });
  });

  it('skips a scale-up for a service an alert may not scale, or an alert that names none', async () => {
    const names = [payload({ tags: 'tier:critical,alert:error_rate_spike,service:postgres' }), payload({ tags: 'tier:critical,alert:error_rate_spike' })];
    for (const alert of names) {
      const { incidentId } = (await deliver(alert)).body as { incidentId: string };
      const scaleUp = (await settled(incidentId)).find((action) => action.kind === 'scale_up');
      expect(scaleUp?.status).toBe('skipped');
    }
    expect(scaled).not.toContain('postgres');
  });
});

/**
 * A PagerDuty that holds every answer (202) until `release()`: a hanging PagerDuty, recording the action and
 * dedup key of each event. Proves ordering without timing: what must not wait for PagerDuty happens while it hangs.
 */
async function hangingPagerDuty(): Promise<{ url: string; events: string[]; release: () => void; close: () => Promise<void> }> {
  const events: string[] = [];
  const held: Array<() => void> = [];
  let released = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const event = JSON.parse(body) as { event_action: string; dedup_key: string };
      events.push(`${event.event_action} ${event.dedup_key}`);
      const answer = () => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', dedup_key: event.dedup_key }));
      if (released) answer();
      else held.push(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`,
    events,
    release: () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('several instances on one database', () => {
  it('runs each action once with two instances, and a hanging PagerDuty holds up no Slack post of another incident', async () => {
    await service.jobs.stop();
    const pagerduty = await hangingPagerDuty();
    const instances = [incidentService({ pagerDutyUrl: pagerduty.url }), incidentService({ pagerDutyUrl: pagerduty.url })];
    try {
      await Promise.all(instances.map((instance) => instance.jobs.start()));
      const alerts = Array.from({ length: 6 }, () => payload({ tags: 'tier:critical,alert:availability', title: `Checkout availability ${randomUUID()}` }));
      const ids = await Promise.all(alerts.map(async (alert, i) => ((await deliver(alert, SECRET, {}, instances[i % 2]!.app)).body as { incidentId: string }).incidentId));

      // PagerDuty hangs on every page: run one after the other, no Slack post could be sent until it answers.
      await waitFor('every Slack post while PagerDuty hangs', async () => (alerts.every((alert) => slackTitled(alert.title).length > 0) ? true : undefined), 10_000, 20);
      // Every page reaches the (still hanging) PagerDuty too, maybe a moment after the last Slack post.
      await waitFor('every page while PagerDuty hangs', async () => (pagerduty.events.filter((event) => event.startsWith('trigger ')).length >= alerts.length ? true : undefined), 10_000, 20);
      expect(pagerduty.events.filter((event) => event.startsWith('trigger '))).toHaveLength(alerts.length);
      pagerduty.release();

      for (const id of ids) expect((await settled(id)).map(({ kind, status, attempts }) => [kind, status, attempts])).toEqual([['pagerduty_trigger', 'done', 1], ['slack', 'done', 1]]);
      for (const alert of alerts) {
        expect(pagerduty.events.filter((event) => event.startsWith(`trigger ${alert.alertCycleKey}:`)), alert.alertCycleKey).toHaveLength(1);
        expect(slackTitled(alert.title)).toHaveLength(1);
      }
    } finally {
      pagerduty.release();
      await Promise.all(instances.map((instance) => instance.jobs.stop()));
      await pagerduty.close();
      await service.jobs.start();
    }
  });

  it('lets only the claim that holds an action call its channel and record it: a lease that ran out is taken over', async () => {
    await service.jobs.stop();
    try {
      const alert = payload({ tags: 'tier:business,alert:business' });
      const { incidentId } = (await deliver(alert)).body as { incidentId: string };
      const mine = async (claims: Awaited<ReturnType<IncidentService['store']['claimDueActions']>>) => claims.filter((task) => task.incident.id === incidentId);
      const [first] = await mine(await service.store.claimDueActions({ limit: 100, leaseMs: 200 }));
      expect(first).toMatchObject({ kind: 'pagerduty_trigger', attempts: 1 });
      // Still leased: nobody else gets it.
      expect(await mine(await service.store.claimDueActions({ limit: 100, leaseMs: 200 }))).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The lease ran out (its holder hung): another instance claims it, as attempt 2.
      const [second] = await mine(await service.store.claimDueActions({ limit: 100, leaseMs: 1_000 }));
      expect(second).toMatchObject({ id: first!.id, attempts: 2 });
      // The first holder finds out before calling the channel, and cannot record an outcome.
      expect(await service.store.renewLease(first!, 1_000)).toBe(false);
      expect(await service.store.actionDone(first!, { by: 'first' })).toBe(false);
      expect(await service.store.renewLease(second!, 1_000)).toBe(true);
      expect(await service.store.actionDone(second!, { by: 'second' })).toBe(true);
      const [row] = (await pool.query('SELECT status, attempts, outcome, leased_until FROM incident_actions WHERE id = $1', [first!.id])).rows;
      expect(row).toEqual({ status: 'done', attempts: 2, outcome: { by: 'second' }, leased_until: null });
    } finally {
      await service.jobs.start();
    }
    await allSettled();
  });
});

describe('GET /admin/incidents', () => {
  it('lists incidents newest first with their actions, a page at a time', async () => {
    const first = await deliver(payload({ tags: 'tier:performance', title: 'older' }));
    const second = await deliver(payload({ tags: 'tier:performance', title: 'newer' }));
    await settled(second.body.incidentId);
    const page1 = await adminList('?limit=1');
    expect(page1.status).toBe(200);
    expect(page1.headers['cache-control']).toBe('no-store');
    const body1 = page1.body as IncidentPage;
    expect(body1.items.map((item) => item.id)).toEqual([second.body.incidentId]);
    expect(body1.items[0]).toMatchObject({ title: 'newer', status: 'open', tier: 'performance', openedAt: expect.stringMatching(/^\d{4}-/), resolvedAt: null });
    expect(body1.items[0]!.actions.map((action) => [action.kind, action.status, action.transition])).toEqual([
      ['pagerduty_trigger', 'done', 'Triggered'],
      ['slack', 'done', 'Triggered'],
    ]);
    const page2 = (await adminList(`?limit=1&cursor=${body1.nextCursor}`)).body as IncidentPage;
    expect(page2.items.map((item) => item.id)).toEqual([first.body.incidentId]);
    expect(page2.nextCursor).not.toBeNull();
  });

  it('refuses bad queries with 400 and anyone but an administrator through the gateway', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?cursor=../../x', '?other=1']) {
      const response = await adminList(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect((await adminList('?cursor=abc')).body.error.code).toBe('invalid_cursor');
    expect((await request(app).get('/admin/incidents').set(await gatewayToken())).status).toBe(403);
    expect((await request(app).get('/admin/incidents')).status).toBe(401);
  });
});

describe('tracing', () => {
  it('runs each action as a span of the delivery\'s trace', async () => {
    const test = newTraceContext();
    const alert = payload();
    const response = await deliver(alert, SECRET, test.headers);
    await settled(response.body.incidentId);
    const spans = await waitForTrace(test.traceId, (all) => all.filter((span) => span.name === 'incident.action').length === 3 && all.some((span) => span.name === 'incident.receive'));
    const receive = spans.find((span) => span.name === 'incident.receive')!;
    expect(receive).toMatchObject({ resource: 'Triggered', meta: expect.objectContaining({ 'incident.tier': 'critical', 'incident.alert_kind': 'error_rate_spike', 'incident.id': response.body.incidentId }) });
    const actions = spans.filter((span) => span.name === 'incident.action');
    expect(actions.map((span) => span.resource).sort()).toEqual(['pagerduty_trigger', 'scale_up', 'slack']);
    // The worker's pass (woken by this delivery) is a trace of its own, dropped: never part of the delivery's.
    expect(spans.filter((span) => span.name === 'incident.poll_actions' || span.metrics._sampling_priority_v1 === -1)).toEqual([]);
    for (const action of actions) {
      expect(BigInt(action.parent_id)).toBe(BigInt(receive.span_id));
      expect(action.meta['incident.action_outcome']).toBe('done');
    }
    // The PagerDuty call is an http.client.request under its action span.
    const page = actions.find((span) => span.resource === 'pagerduty_trigger')!;
    expect(spans.some((span) => span.name === 'http.client.request' && BigInt(span.parent_id) === BigInt(page.span_id))).toBe(true);
    // So is the Slack call, whose URL is a credential: its path never reaches a span.
    const post = actions.find((span) => span.resource === 'slack')!;
    const slackCall = spans.find((span) => span.name === 'http.client.request' && BigInt(span.parent_id) === BigInt(post.span_id));
    expect(slackCall?.meta['http.url']).toBe(`${sink.url}/<redacted>`);
    // (http.server.request is the in-process alert sink receiving the post: Slack's side, which it sees anyway.)
    expect(spans.filter((span) => span.name !== 'http.server.request' && JSON.stringify(span).includes('/slack/critical'))).toEqual([]);
    expect(spans.find((span) => span.name === 'http.client.request' && BigInt(span.parent_id) === BigInt(page.span_id))?.meta['http.url']).toBe(`${sink.url}/v2/enqueue`);
  });
});
