import { describe, expect, it } from 'vitest';
import type { DatadogWebhookPayload } from '@shopfast/contracts';
import { describeAlert, parseTags, planResponse, type Alert } from './alert';

const payload = (overrides: Partial<DatadogWebhookPayload> = {}): DatadogWebhookPayload => ({
  version: '1',
  id: '7001',
  alertId: '42',
  alertCycleKey: 'cycle-1',
  transition: 'Triggered',
  alertType: 'error',
  eventType: 'query_alert_monitor',
  title: '[Triggered] Error rate spike on order',
  message: 'Errors above 5 %',
  priority: 'P1',
  query: 'sum(last_5m):...',
  scope: 'service:order',
  tags: 'managed-by:shopfast, alert:error_rate_spike,service:order,tier:critical,env:prod',
  date: '1767225600000',
  link: 'https://app.datadoghq.com/monitors/42',
  orgId: '1',
  ...overrides,
});
const alert = (overrides: Partial<DatadogWebhookPayload> = {}): Alert => describeAlert(payload(overrides));

describe('reading a delivery', () => {
  it('reads tags as Datadog sends them: comma-separated key:value, spaces around, first value wins', () => {
    const tags = parseTags(' env:prod,Service:order , service:cart,urgent,, url:http://x:1/y');
    expect([...tags]).toEqual([['env', 'prod'], ['service', 'order'], ['urgent', ''], ['url', 'http://x:1/y']]);
  });

  it('takes the tier, the service and the alert kind from the monitor\'s tags', () => {
    expect(alert()).toMatchObject({ deliveryId: '7001', alertCycleKey: 'cycle-1', tier: 'critical', service: 'order', kind: 'error_rate_spike', occurredAt: new Date(1767225600000) });
    expect(alert({ tags: 'tier:business,alert:business', scope: '' })).toMatchObject({ tier: 'business', service: null, kind: 'business' });
  });

  it('takes the service of a multi-alert from the alerting group in the scope before the monitor\'s tags', () => {
    expect(alert({ scope: 'env:docker,service:cart', tags: 'alert:error_rate_spike,tier:critical' })).toMatchObject({ service: 'cart' });
    expect(alert({ scope: 'env:docker,service:cart', tags: 'service:order' })).toMatchObject({ service: 'cart' });
    expect(alert({ scope: '*', tags: 'service:order' })).toMatchObject({ service: 'order' });
  });

  it('routes an alert without a known tier as critical, and dates an impossible $DATE by its receipt', () => {
    expect(alert({ tags: 'tier:urgent' }).tier).toBe('critical');
    expect(alert({ tags: '' }).tier).toBe('critical');
    const receivedAt = new Date('2026-01-01T00:00:00Z');
    expect(describeAlert(payload({ date: '9999999999999999' }), receivedAt).occurredAt).toEqual(receivedAt);
  });
});

describe('what a delivery makes the service do', () => {
  const none = { incident: null, recoveredLater: false };
  const open = { incident: { status: 'open' as const, resolvedAt: null }, recoveredLater: false };
  /** The cycle's incident, resolved by a recovery dated 1767225600000 + 60 s (a minute after the default $DATE). */
  const resolved = { incident: { status: 'resolved' as const, resolvedAt: new Date(1767225660000) }, recoveredLater: false };

  it('opens an incident on a trigger: PagerDuty, Slack, and a scale-up for an error-rate spike', () => {
    expect(planResponse(alert(), none)).toEqual({ incident: 'open', actions: ['pagerduty_trigger', 'slack', 'scale_up'] });
    expect(planResponse(alert({ tags: 'alert:latency,service:order,tier:performance' }), none)).toEqual({ incident: 'open', actions: ['pagerduty_trigger', 'slack'] });
  });

  it('opens one incident per cycle: a re-trigger only scales up again', () => {
    expect(planResponse(alert({ transition: 'Re-Triggered' }), open)).toEqual({ incident: 'keep', actions: ['scale_up'] });
    expect(planResponse(alert({ transition: 'Re-Triggered', tags: 'alert:latency' }), open)).toEqual({ incident: 'keep', actions: [] });
    // The first trigger's delivery was lost: the re-trigger still pages.
    expect(planResponse(alert({ transition: 'Re-Triggered' }), none)).toEqual({ incident: 'open', actions: ['pagerduty_trigger', 'slack', 'scale_up'] });
  });

  it('resolves the open incident on a recovery, PagerDuty and Slack both', () => {
    expect(planResponse(alert({ transition: 'Recovered', alertType: 'success' }), open)).toEqual({ incident: 'resolve', actions: ['pagerduty_resolve', 'slack'] });
    expect(planResponse(alert({ transition: 'Recovered' }), none)).toEqual({ incident: 'none', actions: [] });
    expect(planResponse(alert({ transition: 'Recovered' }), resolved)).toEqual({ incident: 'keep', actions: [] });
  });

  it('only records warnings, no-data, renotifications and Null, and a trigger whose recovery came first', () => {
    for (const transition of ['Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Renotify', 'Null'] as const) {
      expect(planResponse(alert({ transition }), open), transition).toEqual({ incident: 'keep', actions: [] });
      expect(planResponse(alert({ transition }), none), transition).toEqual({ incident: 'none', actions: [] });
    }
    expect(planResponse(alert(), { incident: null, recoveredLater: true })).toEqual({ incident: 'none', actions: [] });
    // Dated before (or at) the recovery that resolved its incident: part of that cycle, over.
    expect(planResponse(alert(), resolved)).toEqual({ incident: 'none', actions: [] });
    expect(planResponse(alert({ date: '1767225660000' }), resolved)).toEqual({ incident: 'none', actions: [] });
  });

  it('opens a new incident for a trigger dated after the recovery of the key\'s last one (a cycle key shared by every cycle)', () => {
    const later = alert({ alertCycleKey: '', date: '1767229200000' });
    expect(later.alertCycleKey).toBe('alert-42');
    expect(planResponse(later, resolved)).toEqual({ incident: 'open', actions: ['pagerduty_trigger', 'slack', 'scale_up'] });
    expect(planResponse(alert({ date: '1767225660001', tags: 'tier:critical' }), resolved)).toEqual({ incident: 'open', actions: ['pagerduty_trigger', 'slack'] });
  });
});
