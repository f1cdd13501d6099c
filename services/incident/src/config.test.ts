import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@shopfast/service-kit';
import { configSchema, scalableServices } from './config';

/** The smallest environment the incident service starts with (every required key, nothing else). */
const required = {
  PORT: '5109',
  HOST: '127.0.0.1',
  DD_SERVICE: 'incident',
  SERVICE_KEY_FILE: '/secrets/incident.key',
  TRUSTED_KEYS_FILE: '/secrets/keys.json',
  FLAGS_FILE: '/flags/state.json',
  DATABASE_URL: 'postgres://127.0.0.1:5432/shopfast_incident',
  WEBHOOK_SECRET_FILE: '/secrets/datadog-webhook-secret',
};
const load = (env: Record<string, string>) => loadConfig('incident', configSchema, { ...required, ...env });
const SHOP = ['user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification'];

describe('what an alert may scale', () => {
  it('is the gateway and the eight shop services by default, for the log and Kubernetes scalers', () => {
    for (const scaler of ['log', 'kubernetes']) expect([...scalableServices(load({ SCALER: scaler }))].sort(), scaler).toEqual(['gateway', ...SHOP].sort());
    expect(scalableServices(load({})).has('gateway')).toBe(true);
  });

  it('leaves the gateway out by default with SCALER=compose, which can never run a second one on its host port', () => {
    expect([...scalableServices(load({ SCALER: 'compose' }))].sort()).toEqual([...SHOP].sort());
  });

  it('is exactly SCALE_ALLOWED_SERVICES when set, and refuses a name no service can have', () => {
    expect([...scalableServices(load({ SCALER: 'compose', SCALE_ALLOWED_SERVICES: 'order, cart' }))]).toEqual(['order', 'cart']);
    expect(() => load({ SCALE_ALLOWED_SERVICES: 'order,Postgres!' })).toThrow(ConfigError);
  });
});
