import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAppServices, type AppName } from '../../scripts/stack/app-services';

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['gateway', 'services/user', 'services/product', 'services/cart', 'services/order', 'services/payment', 'services/inventory', 'services/shipping', 'services/notification', 'services/incident'];

/** Starts a built service with the given environment only (plus PATH) and returns how it ended. */
function startWith(dir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/main.js'], {
    cwd: join(ROOT, dir),
    env: { PATH: process.env.PATH ?? '', DD_TRACE_ENABLED: 'false', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('configuration is validated once at start-up', () => {
  it.each(SERVICES)('%s exits non-zero naming PORT when PORT=abc', (dir) => {
    const result = startWith(dir, { PORT: 'abc', DD_SERVICE: 'config-test' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/^Invalid configuration for /);
    expect(result.stderr).toMatch(/- PORT: must be a number \(got "abc"\)/);
  });

  it('lists every problem in one message, not just the first', () => {
    const result = startWith('services/product', { PORT: '70000', MONGODB_URL: 'http://not-mongo', LOG_LEVEL: 'loud' });
    expect(result.status).toBe(78);
    for (const key of ['PORT', 'HOST', 'MONGODB_URL', 'ELASTICSEARCH_URL', 'REDIS_URL', 'INVENTORY_SERVICE_URL', 'LOG_LEVEL', 'DD_SERVICE', 'SERVICE_KEY_FILE', 'TRUSTED_KEYS_FILE', 'FLAGS_FILE']) {
      expect(result.stderr).toContain(`- ${key}:`);
    }
    expect(result.stderr).toContain('(11 problems)');
  });
});

describe('secrets are checked once at start-up', () => {
  /** The local stack's own environment for an app (its generated secrets in .stack/secrets), with overrides. */
  const envOf = (name: AppName, overrides: Record<string, string>) => ({ ...buildAppServices().find((app) => app.name === name)!.env, ...overrides });
  const dir = mkdtempSync(join(tmpdir(), 'weak-secrets-'));

  it('refuses to start the gateway with an admin token this repository once published, in one line, exit 78', () => {
    const published = join(dir, 'admin-token');
    writeFileSync(published, 'local-admin-token\n', { mode: 0o600 });
    const result = startWith('gateway', envOf('gateway', { ADMIN_TOKEN_FILE: published }));
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toMatch(/^gateway service refuses to start: the admin token \(ADMIN_TOKEN_FILE\) in .* is not safe to use: it is a published default\. Delete it and generate a new one\.$/);
  });

  it('refuses to start a service whose key file is missing or readable by every user, and says how to fix it', () => {
    const missing = startWith('services/payment', envOf('payment', { SERVICE_KEY_FILE: join(dir, 'absent.key.pem') }));
    expect(missing.status).toBe(78);
    expect(missing.stderr).toMatch(/payment service refuses to start: cannot read the service key \(SERVICE_KEY_FILE\) .*absent\.key\.pem: it does not exist\. Generate the secrets with node infra\/secrets\/generate-secrets\.mjs/);
    const open = join(dir, 'payment.key.pem');
    copyFileSync(envOf('payment', {}).SERVICE_KEY_FILE!, open);
    chmodSync(open, 0o644);
    const exposed = startWith('services/payment', envOf('payment', { SERVICE_KEY_FILE: open }));
    expect(exposed.status).toBe(78);
    expect(exposed.stderr).toMatch(/readable by every user \(mode 644\); chmod 600 it/);
  });

  it('refuses, in production, a database URL carrying a password this repository once published', () => {
    const env = envOf('payment', { DATABASE_URL: 'postgres://postgres:shopfast-local-only@127.0.0.1:5432/shopfast_payment' });
    const result = startWith('services/payment', env);
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('DATABASE_URL: its password is a published default');
  });
});
