// The generator every deployment runs (local stack, compose init container): run as a script, twice,
// the way they run it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrustedKeys, readSecretFile, serviceKeysFrom } from '@shopfast/service-kit';

const script = join(__dirname, 'generate-secrets.mjs');
const APPS = ['gateway', 'user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification', 'incident'];
const run = (...args: string[]) => execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' });
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('generate-secrets.mjs', () => {
  it('writes a key per app, matching trusted keys and random tokens, private to their owner', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets');
    expect(run(dir)).toMatch(/^generated 14 secrets in /);
    expect(mode(dir)).toBe('700');
    const trusted = parseTrustedKeys(readFileSync(join(dir, 'trusted-keys.json'), 'utf8'));
    for (const app of APPS) {
      expect(mode(join(dir, `${app}.key.pem`)), app).toBe('600');
      expect(() => serviceKeysFrom(app, readFileSync(join(dir, `${app}.key.pem`), 'utf8'), trusted), app).not.toThrow();
    }
    for (const name of ['admin-token', 'postgres-password', 'datadog-postgres-password', 'datadog-webhook-secret']) {
      expect(mode(join(dir, name)), name).toBe('600');
      expect(readSecretFile(join(dir, name), { name, minLength: 32 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('keeps every secret on the next run: a restart never changes a key or a password', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets');
    run(dir);
    const before = [...APPS.map((app) => `${app}.key.pem`), 'admin-token', 'datadog-webhook-secret', 'trusted-keys.json'].map((name) => readFileSync(join(dir, name), 'utf8'));
    expect(run(dir)).toMatch(/kept as they are/);
    const after = [...APPS.map((app) => `${app}.key.pem`), 'admin-token', 'datadog-webhook-secret', 'trusted-keys.json'].map((name) => readFileSync(join(dir, name), 'utf8'));
    expect(after).toEqual(before);
  });

  it.runIf(process.getuid?.() === 0)('hands the files to the container users compose gives it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets');
    run(dir, '--owner', '1000:1000', '--postgres-owner', '999:1000');
    const owner = (name: string) => `${statSync(join(dir, name)).uid}:${statSync(join(dir, name)).gid}`;
    expect(owner('gateway.key.pem')).toBe('1000:1000');
    expect(owner('admin-token')).toBe('1000:1000');
    // The incident service (the app user) reads the webhook secret.
    expect(owner('datadog-webhook-secret')).toBe('1000:1000');
    expect(mode(join(dir, 'datadog-webhook-secret'))).toBe('600');
    expect(owner('postgres-password')).toBe('999:1000');
    expect(mode(join(dir, 'postgres-password'))).toBe('640');
    expect(owner('datadog-postgres-password')).toBe('999:1000');
    expect(mode(join(dir, 'datadog-postgres-password'))).toBe('600');
  });
});
