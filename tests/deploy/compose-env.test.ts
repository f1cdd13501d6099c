// The environment docker-compose.yml gives each app service must (1) pass that service's own zod
// config schema, the one main.ts validates at start-up, and (2) mirror the local stack's definition
// (scripts/stack/app-services.ts) with compose host names, so a renamed or new variable cannot
// reach one and not the other.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '@shopfast/service-kit';
import { buildAppServices, servicePorts, type AppName, type Hosts } from '../../scripts/stack/app-services';
import { configSchema as gateway } from '../../gateway/src/config';
import { configSchema as cart } from '../../services/cart/src/config';
import { configSchema as incident } from '../../services/incident/src/config';
import { configSchema as inventory } from '../../services/inventory/src/config';
import { configSchema as notification } from '../../services/notification/src/config';
import { configSchema as order } from '../../services/order/src/config';
import { configSchema as payment } from '../../services/payment/src/config';
import { configSchema as product } from '../../services/product/src/config';
import { configSchema as shipping } from '../../services/shipping/src/config';
import { configSchema as user } from '../../services/user/src/config';
import { appServices, envExample, loadCompose, readRepoFile } from './compose-file';

const compose = loadCompose();
const apps = appServices(compose);
const rootVersion = (JSON.parse(readRepoFile('package.json')) as { version: string }).version;

/**
 * Where the compose file puts what the local stack runs on 127.0.0.1. No alert sink: compose leaves the
 * incident service's channels to .env, empty (not configured) in .env.example, as buildAppServices does.
 */
const composeHosts: Hosts = {
  postgres: 'postgres',
  redis: 'redis',
  mongo: 'mongo',
  elasticsearch: 'elasticsearch',
  agent: 'datadog-agent',
  smtp: 'mailpit',
  service: (name) => name,
  bind: '0.0.0.0',
};
const composePorts = { postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, traceAgent: 8126, dogstatsd: 8125, smtp: 1025 };
const expected = Object.fromEntries(
  buildAppServices({ hosts: composeHosts, ports: composePorts, version: rootVersion, secretsDir: '/run/shopfast/secrets', flagsDir: '/run/shopfast/flags' }).map((s) => [s.name, s.env]),
) as Record<AppName, Record<string, string>>;

/**
 * Compose-only keys: the database password file (the local PostgreSQL trusts 127.0.0.1, no password), and
 * the gateway's TRUST_PROXY, the edge's service name (locally the default, loopback, is where the edge runs).
 */
const COMPOSE_ONLY = new Set(['DATABASE_PASSWORD_FILE', 'TRUST_PROXY']);
/** Keys whose value differs on purpose (the compose deployment is its own environment). */
const DIFFERENT_ON_PURPOSE = new Set(['DD_ENV']);
const isDatadog = (key: string) => key.startsWith('DD_');
/** Credentials are compose-only (the local PostgreSQL trusts 127.0.0.1), so compare URLs without them. */
const withoutCredentials = (value: string) => value.replace(/^([a-z]+:\/\/)[^@/]*@/, '$1');

/** Each workspace's own schema: the object its main.ts passes to loadConfigOrExit. */
const schemas: Record<string, z.ZodObject> = {
  'services/user': user,
  'services/product': product,
  'services/cart': cart,
  'services/order': order,
  'services/payment': payment,
  'services/inventory': inventory,
  'services/shipping': shipping,
  'services/notification': notification,
  'services/incident': incident,
  gateway,
};

function schemaOf(workspace: string): z.ZodObject {
  const schema = schemas[workspace];
  if (!schema) throw new Error(`no config schema registered for workspace ${workspace}`);
  return schema;
}

describe('docker-compose.yml app service environments', () => {
  it('builds the nine services and the gateway from the one service Dockerfile', () => {
    expect(apps.map((a) => a.name).sort()).toEqual(Object.keys(servicePorts).sort());
    for (const { name, workspace } of apps) expect(workspace).toBe(name === 'gateway' ? 'gateway' : `services/${name}`);
  });

  it.each(apps.map((a) => [a.name, a] as const))('%s: its environment passes its own config schema', (name, app) => {
    const schema = schemaOf(app.workspace);
    const config = loadConfig(name, schema, app.service.environment ?? {}) as Record<string, unknown>;
    expect(config.DD_SERVICE).toBe(name);
    expect(config.PORT).toBe(servicePorts[name as AppName]);
  });

  it.each(apps.map((a) => [a.name, a] as const))('%s: every key of its environment is a key of its config schema or a DD_ setting', (_name, app) => {
    const schemaKeys = new Set(Object.keys(schemaOf(app.workspace).shape));
    const unknown = Object.keys(app.service.environment ?? {}).filter((key) => !isDatadog(key) && !schemaKeys.has(key));
    expect(unknown, 'compose sets variables the service never reads (renamed in the schema?)').toEqual([]);
  });

  it.each(apps.map((a) => [a.name, a] as const))('%s: mirrors scripts/stack/app-services.ts (same non-DD keys, same values with compose hosts)', (name, app) => {
    const local = expected[name as AppName];
    const env = app.service.environment ?? {};
    const nonDd = (keys: string[]) => keys.filter((key) => !isDatadog(key)).sort();
    expect(nonDd(Object.keys(env)).filter((key) => !COMPOSE_ONLY.has(key)), 'non-DD keys: compose vs local stack').toEqual(nonDd(Object.keys(local)));
    for (const key of Object.keys(local).filter((k) => k in env && !DIFFERENT_ON_PURPOSE.has(k))) {
      expect(withoutCredentials(env[key]!), `${name} ${key}`).toBe(withoutCredentials(local[key]!));
    }
  });

  it('gives every app service profiling and full DBM propagation, and keeps the tracer health-check sampling rules', () => {
    for (const { name, service } of apps) {
      const env = service.environment ?? {};
      expect(env.DD_PROFILING_ENABLED, name).toBe('true');
      expect(env.DD_DBM_PROPAGATION_MODE, name).toBe('full');
      // DD_TRACE_SAMPLING_RULES would replace the built-in rules that drop health checks
      // (packages/tracing/src/tracer-options.ts, asserted by tests/e2e/health-sampling.e2e.test.ts).
      expect(env.DD_TRACE_SAMPLING_RULES, name).toBeUndefined();
    }
  });

  it('points every store and peer URL at a compose service listening on that port', () => {
    const containerPorts: Record<string, number> = {
      postgres: 5432, redis: 6379, mongo: 27017, elasticsearch: 9200, mailpit: 1025,
      ...Object.fromEntries(apps.map((a) => [a.name, Number(a.service.environment?.PORT)])),
    };
    for (const { name, service } of apps) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!/^[a-z]+:\/\//.test(value)) continue;
        const url = new URL(value);
        expect(compose.services[url.hostname], `${name} ${key} -> ${url.hostname}`).toBeDefined();
        expect(Number(url.port), `${name} ${key}`).toBe(containerPorts[url.hostname]);
      }
    }
  });

  it('tags every app service with the version in package.json by default', () => {
    expect(envExample().SHOPFAST_VERSION).toBe(rootVersion);
    for (const { name, service } of apps) expect(service.environment?.DD_VERSION, name).toBe(rootVersion);
  });
});
