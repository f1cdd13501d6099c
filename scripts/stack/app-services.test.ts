import { describe, expect, it } from 'vitest';
import { buildAppServices, launchEnv, localHosts } from './app-services';
import { allComponents, dependencyClosure } from './components';

const ports = { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, traceAgent: 8126, dogstatsd: 8125, smtp: 2525 };

describe('app services', () => {
  const services = buildAppServices({ ports, version: '1.2.3' });
  const byName = Object.fromEntries(services.map((s) => [s.name, s]));

  it('lists the eight services and then the gateway', () => {
    expect(services.map((s) => s.name)).toEqual([
      'user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification', 'gateway',
    ]);
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

  it('lets SHOPFAST_<SERVICE>_<VAR> override one service only', () => {
    const caller = { PATH: '/bin', SHOPFAST_PRODUCT_LOG_LEVEL: 'debug' };
    expect(launchEnv(byName.product!, caller)).toMatchObject({ PATH: '/bin', LOG_LEVEL: 'debug' });
    expect(launchEnv(byName.cart!, caller).LOG_LEVEL).toBe('info');
  });
});

describe('dependencyClosure', () => {
  const names = (only?: string[]) => dependencyClosure(allComponents(), only).map((c) => c.name);

  it('starts everything when nothing is selected: the backing servers, then the nine apps', () => {
    expect(names()).toEqual(allComponents().map((c) => c.name));
    expect(names()).toEqual(expect.arrayContaining(['postgres', 'redis', 'ferretdb', 'elasticsearch', 'test-agent', 'dogstatsd', 'smtp-sink']));
    const services = ['user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification'];
    for (const service of services) expect(names().indexOf(service)).toBeLessThan(names().indexOf('gateway'));
    expect(names().indexOf('dogstatsd')).toBeLessThan(names().indexOf('user'));
  });

  it('brings the SMTP sink along with the notification service', () => {
    expect(names(['notification'])).toContain('smtp-sink');
  });

  it('brings in the stores, peers and telemetry sinks a service needs, in start order', () => {
    expect(names(['cart'])).toEqual(['redis', 'ferretdb', 'elasticsearch', 'test-agent', 'dogstatsd', 'product', 'cart', 'inventory']);
  });

  it('accepts aliases and rejects unknown names', () => {
    expect(names(['mongodb'])).toEqual(['ferretdb']);
    expect(() => names(['nope'])).toThrow(/unknown component "nope"/);
  });
});
