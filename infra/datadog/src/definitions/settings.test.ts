import { describe, expect, it } from 'vitest';
import { routeTo, ROUTING_TIERS } from './monitors/routing';
import { defaultSettings, settingsFromEnv } from './settings';

describe('settingsFromEnv', () => {
  it("defaults to the compose deployment and its URL, and to the brief's channels for each tier", () => {
    expect(defaultSettings()).toEqual({
      env: 'docker',
      shopUrl: 'http://localhost:8080',
      webhookUrl: 'http://localhost:8080/api/webhooks/datadog',
      tiers: {
        // critical: PagerDuty, Slack, SMS (an e-mail-to-SMS handle); performance: Slack, e-mail; business: Slack, the executives.
        critical: { handles: ['@pagerduty-shopfast', '@slack-shopfast-critical', '@oncall-sms@example.com'] },
        performance: { handles: ['@slack-shopfast-performance', '@sre-team@example.com'] },
        business: { handles: ['@slack-shopfast-business', '@executives@example.com'] },
      },
    });
  });

  it('reads the environment, the shop URL, the webhook URL and the handles of each tier', () => {
    const settings = settingsFromEnv({
      DD_ENV: 'prod',
      SHOPFAST_PUBLIC_URL: 'https://shop.example.com/',
      SHOPFAST_DD_HANDLES_CRITICAL: '@pagerduty-x, @slack-y @sms-gateway+oncall@example.org',
      SHOPFAST_DD_HANDLES_BUSINESS: '',
    });
    expect(settings).toMatchObject({ env: 'prod', shopUrl: 'https://shop.example.com', webhookUrl: 'https://shop.example.com/api/webhooks/datadog' });
    expect(settings.tiers.critical.handles).toEqual(['@pagerduty-x', '@slack-y', '@sms-gateway+oncall@example.org']);
    expect(settings.tiers.business.handles).toEqual(['@slack-shopfast-business', '@executives@example.com']);
    expect(settingsFromEnv({ SHOPFAST_DD_WEBHOOK_URL: 'https://hooks.example.com/dd' }).webhookUrl).toBe('https://hooks.example.com/dd');
  });

  it('refuses bad values, listing every problem', () => {
    expect(() => settingsFromEnv({ DD_ENV: 'Prod Env', SHOPFAST_PUBLIC_URL: 'ftp://x', SHOPFAST_DD_HANDLES_CRITICAL: 'pagerduty @a@b' })).toThrow(
      /DD_ENV[\s\S]*SHOPFAST_PUBLIC_URL[\s\S]*SHOPFAST_DD_HANDLES_CRITICAL/,
    );
  });

  it.each(['prod.eu', 'prod_eu', 'eu/prod', 'Prod', '1prod'])(
    'refuses DD_ENV=%s, naming the rule: with _ . / envs would share one webhook and one secret variable',
    (env) => {
      expect(() => settingsFromEnv({ DD_ENV: env })).toThrow('DD_ENV: lower-case letters, digits and -, starting with a letter');
    },
  );

  it('takes an env of lower-case letters, digits and -', () => {
    expect(settingsFromEnv({ DD_ENV: 'prod-eu-2' }).env).toBe('prod-eu-2');
  });
});

describe('settingsFromEnv for publishing (plan, apply, export)', () => {
  const publish = (env: NodeJS.ProcessEnv) => settingsFromEnv(env, { publish: true });

  it('needs SHOPFAST_PUBLIC_URL: the local default would make Datadog test and call localhost', () => {
    expect(() => publish({ DD_ENV: 'prod' })).toThrow(/SHOPFAST_PUBLIC_URL: not set/);
    expect(publish({ SHOPFAST_PUBLIC_URL: 'https://shop.example.com' })).toMatchObject({ shopUrl: 'https://shop.example.com', webhookUrl: 'https://shop.example.com/api/webhooks/datadog' });
  });

  it.each([
    ['http://shop.example.com', /is not https/],
    ['https://localhost:8080', /localhost is not a public host/],
    ['https://127.0.0.1', /127\.0\.0\.1 is not a public host/],
    ['https://10.1.2.3', /is not a public host/],
    ['https://172.20.0.5', /is not a public host/],
    ['https://192.168.1.10', /is not a public host/],
    ['https://169.254.169.254', /is not a public host/],
    ['https://[::1]', /is not a public host/],
    ['https://[fd00::1]', /is not a public host/],
    ['https://gateway', /gateway is not a public host/],
    ['https://shop.internal', /is not a public host/],
    ['https://localhost.', /localhost\. is not a public host/],
    ['https://LOCALHOST.', /localhost\. is not a public host/],
    ['https://gateway.', /gateway\. is not a public host/],
    ['https://[::ffff:127.0.0.1]', /is not a public host/],
    ['https://[::ffff:10.0.0.1]', /is not a public host/],
  ])('refuses the shop URL %s', (url, problem) => {
    expect(() => publish({ SHOPFAST_PUBLIC_URL: url })).toThrow(problem);
  });

  it.each(['https://8.8.8.8', 'https://93.184.216.34:8443', 'https://[2606:4700::1111]', 'https://[::ffff:8.8.8.8]', 'https://shop.example.com.'])(
    'takes the public shop URL %s',
    (url) => {
      expect(publish({ SHOPFAST_PUBLIC_URL: url }).shopUrl).toBe(url);
    },
  );

  it('checks an explicit webhook URL too, and lets SHOPFAST_DD_ALLOW_PRIVATE_URLS through on purpose', () => {
    expect(() => publish({ SHOPFAST_PUBLIC_URL: 'https://shop.example.com', SHOPFAST_DD_WEBHOOK_URL: 'http://10.0.0.8/hook' })).toThrow(
      /SHOPFAST_DD_WEBHOOK_URL: http:\/\/10\.0\.0\.8\/hook is not https[\s\S]*SHOPFAST_DD_WEBHOOK_URL: 10\.0\.0\.8 is not a public host/,
    );
    const allowed = publish({ SHOPFAST_PUBLIC_URL: 'http://shop.internal:8080', SHOPFAST_DD_ALLOW_PRIVATE_URLS: 'true' });
    expect(allowed.webhookUrl).toBe('http://shop.internal:8080/api/webhooks/datadog');
    // Still required: the override is about where, not whether.
    expect(() => publish({ SHOPFAST_DD_ALLOW_PRIVATE_URLS: 'true' })).toThrow(/SHOPFAST_PUBLIC_URL: not set/);
  });
});

describe('routeTo', () => {
  it("gives each tier its handles, the env's webhook, its priority and its re-notification", () => {
    const routed = routeTo('performance', { ...defaultSettings(), env: 'prod' }, { title: 'Slow', body: 'p95 is up.' });
    expect(routed.priority).toBe(3);
    expect(routed.options).toMatchObject({ renotifyInterval: 15, escalationMessage: ROUTING_TIERS.performance.escalationMessage });
    expect(ROUTING_TIERS.performance.escalationMessage).toContain('after 15 minutes');
    expect(routed.message).toContain('{{#is_alert}}**Slow**{{/is_alert}}');
    // Outside every {{#is_...}} block, so recoveries reach the incident service too.
    expect(routed.message.split('\n').at(-1)).toBe('@slack-shopfast-performance @sre-team@example.com @webhook-shopfast-incident-prod');
    expect([ROUTING_TIERS.critical.priority, ROUTING_TIERS.business.priority, ROUTING_TIERS.business.renotifyInterval]).toEqual([1, 4, 30]);
  });
});
