import { describe, expect, it } from 'vitest';
import { datadogWebhookPayload } from './incident';

const delivery = {
  version: '1',
  id: '7001',
  alertId: '42',
  alertCycleKey: '123456789',
  transition: 'Triggered',
  alertType: 'error',
  eventType: 'query_alert_monitor',
  title: 'Error rate spike on order',
  message: 'Errors above 5 %',
  priority: 'P1',
  query: 'sum(last_5m):...',
  scope: 'service:order',
  tags: 'tier:critical,service:order,alert:error_rate_spike',
  date: '1767225600000',
  link: 'https://app.datadoghq.com/monitors/42',
  orgId: '1',
};

describe('the Datadog webhook payload', () => {
  it('cuts over-long free text instead of refusing the delivery (a 400 is never retried: the alert would be lost)', () => {
    const long = { ...delivery, title: 't'.repeat(501), message: 'm'.repeat(20_000), query: 'q'.repeat(4_001), scope: 's'.repeat(1_001), tags: `tier:business,${'x'.repeat(5_000)}` };
    const parsed = datadogWebhookPayload.parse(long);
    expect([parsed.title.length, parsed.message.length, parsed.query.length, parsed.scope.length, parsed.tags.length]).toEqual([500, 10_000, 4_000, 1_000, 4_000]);
    expect(parsed.tags.startsWith('tier:business,')).toBe(true);
    expect(datadogWebhookPayload.parse(delivery)).toEqual(delivery);
  });

  it('makes every free-text field storable: NUL dropped, a lone surrogate replaced, a cut never splitting a pair', () => {
    const emojiAtCut = `${'a'.repeat(499)}\u{1F525} fire`;
    const parsed = datadogWebhookPayload.parse({ ...delivery, title: emojiAtCut, message: 'a\u0000b', scope: '\ud800 x \udc00', alertCycleKey: 'k\u0000\ud83d' });
    expect(parsed.title).toBe('a'.repeat(499));
    expect([parsed.message, parsed.scope, parsed.alertCycleKey]).toEqual(['ab', '\uFFFD x \uFFFD', 'k\uFFFD']);
    expect(datadogWebhookPayload.parse({ ...delivery, title: 'ok \u{1F525}' }).title).toBe('ok \u{1F525}');
  });

  it('stays strict on what identifies a delivery: id, transition, date and version', () => {
    for (const bad of [{ id: '' }, { id: 'i'.repeat(65) }, { id: '7\u00001' }, { id: '7\ud800' }, { transition: 'Exploded' }, { date: 'yesterday' }, { version: '2' }]) {
      expect(datadogWebhookPayload.safeParse({ ...delivery, ...bad }).success, JSON.stringify(bad).slice(0, 40)).toBe(false);
    }
  });

  it('accepts every $ALERT_TRANSITION Datadog documents, Null included', () => {
    for (const transition of ['Triggered', 'Re-Triggered', 'Recovered', 'Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Renotify', 'Null']) {
      expect(datadogWebhookPayload.safeParse({ ...delivery, transition }).success, transition).toBe(true);
    }
  });
});
