import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../tests/deploy/compose-file';
import { buildAppServices, launchEnv, localHosts, serviceNames } from './app-services';
import { allComponents, dependencyClosure } from './components';
import { stopOrder } from './lib/start-order';

const ports = { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, traceAgent: 8126, dogstatsd: 8125, smtp: 2525, alertSink: 8027 };

describe('app services', () => {
  const services = buildAppServices({ ports, version: '1.2.3' });
  const byName = Object.fromEntries(services.map((s) => [s.name, s]));

  it('lists the nine services and then the gateway', () => {
    expect(services.map((s) => s.name)).toEqual([
      'user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification', 'incident', 'gateway',
    ]);
  });

  it('points the incident service at the alert sink for PagerDuty and every Slack tier, with a 32-character routing key', () => {
    expect(byName.incident?.env).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/shopfast_incident',
      PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:8027/v2/enqueue',
      PAGERDUTY_ROUTING_KEY: expect.stringMatching(/^[0-9a-f]{32}$/),
      SLACK_WEBHOOK_URL_CRITICAL: 'http://127.0.0.1:8027/slack/critical',
      SLACK_WEBHOOK_URL_PERFORMANCE: 'http://127.0.0.1:8027/slack/performance',
      SLACK_WEBHOOK_URL_BUSINESS: 'http://127.0.0.1:8027/slack/business',
      SCALER: 'log',
    });
    expect(byName.incident?.env.WEBHOOK_SECRET_FILE).toMatch(/\/datadog-webhook-secret$/);
    expect(byName.incident?.after).toContain('alert-sink');
  });

  it('leaves the incident channels empty (not configured) where there is no alert sink, as compose and the chart have none', () => {
    const { alertSink: _port, ...noSinkPorts } = ports;
    const elsewhere = buildAppServices({ ports: noSinkPorts, hosts: { ...localHosts, alertSink: undefined }, version: 'x' }).find((s) => s.name === 'incident')!;
    for (const key of ['PAGERDUTY_EVENTS_URL', 'PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL_CRITICAL', 'SLACK_WEBHOOK_URL_PERFORMANCE', 'SLACK_WEBHOOK_URL_BUSINESS']) {
      expect(elsewhere.env[key], key).toBe('');
    }
    expect(elsewhere.after).not.toContain('alert-sink');
  });

  it('gives every service unified service tagging and the agent address', () => {
    for (const s of services) {
      expect(s.env).toMatchObject({
        PORT: String(s.port),
        DD_SERVICE: s.name,
        DD_ENV: 'local',
        DD_VERSION: '1.2.3',
        DD_AGENT_HOST: '127.0.0.1',
        DD_TRACE_AGENT_PORT: '8126',
        DD_DOGSTATSD_PORT: '8125',
      });
    }
  });

  it('points each service at its own database', () => {
    expect(byName.user?.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/shopfast_user');
    expect(byName.product?.env.MONGODB_URL).toBe('mongodb://127.0.0.1:27017/shopfast_catalog');
    expect(byName.inventory?.env.MONGODB_URL).toBe('mongodb://127.0.0.1:27017/shopfast_inventory');
  });

  it('derives URLs from overridden backing ports and hosts', () => {
    const moved = buildAppServices({
      ports: { ...ports, postgres: 15432 },
      hosts: { ...localHosts, postgres: 'postgres', service: (name) => name },
      version: 'x',
    });
    const order = moved.find((s) => s.name === 'order');
    expect(order?.env.DATABASE_URL).toBe('postgres://postgres@postgres:15432/shopfast_order');
    expect(order?.env.PAYMENT_SERVICE_URL).toBe('http://payment:5105');
  });

  it('moves a service, and the URL every caller gets, with its one SHOPFAST_<SERVICE>_PORT', () => {
    const moved = buildAppServices({ env: { SHOPFAST_ORDER_PORT: '6104', SHOPFAST_PG_PORT: '15432' }, version: 'x' });
    const order = moved.find((s) => s.name === 'order');
    expect(order?.port).toBe(6104);
    expect(order?.env.PORT).toBe('6104');
    expect(order?.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:15432/shopfast_order');
    expect(moved.find((s) => s.name === 'gateway')?.env.ORDER_SERVICE_URL).toBe('http://127.0.0.1:6104');
    expect(moved.find((s) => s.name === 'gateway')?.env.CART_SERVICE_URL).toBe('http://127.0.0.1:5103');
  });

  it('keeps the default app ports when ports are given explicitly (the compose side), whatever the environment', () => {
    const previous = process.env.SHOPFAST_GATEWAY_PORT;
    process.env.SHOPFAST_GATEWAY_PORT = '5999';
    try {
      expect(buildAppServices({ ports, version: 'x' }).find((s) => s.name === 'gateway')?.env.PORT).toBe('5001');
    } finally {
      if (previous === undefined) delete process.env.SHOPFAST_GATEWAY_PORT;
      else process.env.SHOPFAST_GATEWAY_PORT = previous;
    }
  });

  it('gives order no product service URL: it never calls product', () => {
    expect(byName.order?.env).not.toHaveProperty('PRODUCT_SERVICE_URL');
  });

  it('starts each service after the stores its environment points at and the telemetry sinks', () => {
    const storeOf: Record<string, string> = {
      DATABASE_URL: 'postgres',
      REDIS_URL: 'redis',
      MONGODB_URL: 'ferretdb',
      ELASTICSEARCH_URL: 'elasticsearch',
      SMTP_URL: 'smtp-sink',
      PAGERDUTY_EVENTS_URL: 'alert-sink',
    };
    for (const s of services) {
      const stores = Object.keys(s.env).flatMap((key) => storeOf[key] ?? []);
      expect(s.after, s.name).toEqual(expect.arrayContaining([...stores, 'test-agent', 'dogstatsd']));
    }
  });

  it('starts each service after every peer it calls, except product, which inventory seeds its stock from, and the gateway\'s incident service', () => {
    for (const s of services) {
      const peers = Object.keys(s.env).flatMap((key) => /^([A-Z]+)_SERVICE_URL$/.exec(key)?.[1]?.toLowerCase() ?? []);
      const expected = s.name === 'product' ? peers.filter((p) => p !== 'inventory') : s.name === 'gateway' ? peers.filter((p) => p !== 'incident') : peers;
      expect(s.after, s.name).toEqual(expect.arrayContaining(expected));
    }
    // The shop must not wait for the incident service (nor stay down when its configuration is refused).
    expect(byName.gateway?.env.INCIDENT_SERVICE_URL).toBeDefined();
    expect(byName.gateway?.after).not.toContain('incident');
    expect(byName.product?.env.INVENTORY_SERVICE_URL).toBeDefined();
    expect(byName.inventory?.after).toContain('product');
  });

  it('lets SHOPFAST_<SERVICE>_<VAR> override one service only', () => {
    const caller = { PATH: '/bin', SHOPFAST_PRODUCT_LOG_LEVEL: 'debug' };
    expect(launchEnv(byName.product!, caller)).toMatchObject({ PATH: '/bin', LOG_LEVEL: 'debug' });
    expect(launchEnv(byName.cart!, caller).LOG_LEVEL).toBe('info');
  });
});

describe('the stack\'s start order', () => {
  const components = allComponents();
  const order = components.map((c) => c.name);

  it('starts every component after everything it declares in `after`', () => {
    for (const c of components) {
      for (const before of c.after) expect(order.indexOf(before), `${before} before ${c.name}`).toBeLessThan(order.indexOf(c.name));
    }
  });

  it('starts the stores and sinks first, the services next, then the gateway, then the edge', () => {
    const backing = ['postgres', 'redis', 'ferretdb', 'elasticsearch', 'test-agent', 'dogstatsd', 'smtp-sink', 'alert-sink'];
    const lastBacking = Math.max(...backing.map((name) => order.indexOf(name)));
    for (const service of serviceNames) {
      expect(order.indexOf(service)).toBeGreaterThan(lastBacking);
      expect(order.indexOf(service)).toBeLessThan(order.indexOf('gateway'));
    }
    expect(order.at(-2)).toBe('gateway');
    expect(order.at(-1)).toBe('edge');
  });

  it('has the same dependencies as docker-compose.yml\'s depends_on, transitively', () => {
    // The same servers under compose names; the telemetry sinks, the alert sink and the secrets job exist on one side only.
    const composeName: Record<string, string> = { ferretdb: 'mongo', 'smtp-sink': 'mailpit' };
    const stackName = Object.fromEntries(Object.entries(composeName).map(([stack, compose]) => [compose, stack]));
    const composeServices = loadCompose().services;
    const fromCompose = (name: string) =>
      Object.keys(composeServices[composeName[name] ?? name]?.depends_on ?? {}).map((dep) => stackName[dep] ?? dep);
    const fromStack = (name: string) => [...(components.find((c) => c.name === name)?.after ?? [])];
    const everythingBefore = (name: string, dependenciesOf: (name: string) => string[]) => {
      const seen = new Set<string>();
      const pending = dependenciesOf(name);
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (!seen.has(next)) pending.push(...dependenciesOf(next));
        seen.add(next);
      }
      return [...seen].filter((n) => order.includes(n) && !['test-agent', 'dogstatsd', 'alert-sink'].includes(n)).sort();
    };
    for (const c of components) expect(everythingBefore(c.name, fromStack), c.name).toEqual(everythingBefore(c.name, fromCompose));
  });

  it('stops in the reverse order: the edge first, then the gateway, the backing servers last', () => {
    const stops = stopOrder(components).map((c) => c.name);
    expect(stops).toEqual([...order].reverse());
    expect(stops.slice(0, 2)).toEqual(['edge', 'gateway']);
  });
});

describe('dependencyClosure (--only)', () => {
  const names = (only?: string[]) => dependencyClosure(allComponents(), only).map((c) => c.name);

  it('starts everything when nothing is selected', () => {
    expect(names()).toEqual(allComponents().map((c) => c.name));
  });

  it('brings the SMTP sink along with the notification service, the alert sink with the incident service', () => {
    expect(names(['notification'])).toContain('smtp-sink');
    expect(names(['incident'])).toEqual(['postgres', 'test-agent', 'dogstatsd', 'alert-sink', 'incident']);
  });

  it('brings in the stores, telemetry sinks and peers a service starts after, in start order', () => {
    expect(names(['cart'])).toEqual(['redis', 'ferretdb', 'elasticsearch', 'test-agent', 'dogstatsd', 'product', 'cart']);
    expect(names(['payment'])).toEqual(['postgres', 'test-agent', 'dogstatsd', 'payment']);
  });

  it('brings every backing server and shop service along with the gateway, but not the edge, nor the incident service and its alert sink', () => {
    expect(names(['gateway'])).toEqual(allComponents().map((c) => c.name).filter((name) => !['edge', 'incident', 'alert-sink'].includes(name)));
  });

  it('accepts aliases and rejects unknown names', () => {
    expect(names(['mongodb'])).toEqual(['ferretdb']);
    expect(() => names(['nope'])).toThrow(/unknown component "nope"/);
  });
});
