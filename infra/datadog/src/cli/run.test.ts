// The command line around plan/apply/destroy: configuration problems stop a command before its first request,
// and bad arguments print the usage.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_KEYS, startHarness, type Harness } from '../testing/cli-harness';
import { FIXTURE_WEBHOOK_SECRET } from '../testing/fixtures';
import { loadDefinitions } from './load-definitions';

let harness: Harness;
let secretsDir: string;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  harness.fake.clearRequests();
  if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('stops with a clear error before any request when DD_API_KEY is missing', async () => {
    const result = await harness.run(['apply'], { env: { DD_APP_KEY: FAKE_KEYS.DD_APP_KEY, SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET } });

    expect(result.code).toBe(2);
    expect(result.err).toContain('DD_API_KEY is not set');
    expect(harness.fake.requests).toEqual([]);
  });

  it('lists every missing key at once, for plan and destroy too, without a request', async () => {
    for (const command of ['plan', 'destroy']) {
      const result = await harness.run([command], { env: { DD_API_KEY: '  ' } });
      expect(result.code).toBe(2);
      expect(result.err).toContain('DD_API_KEY is not set');
      expect(result.err).toContain('DD_APP_KEY is not set');
    }
    expect(harness.fake.requests).toEqual([]);
  });

  it('refuses a DD_SITE that is not a Datadog site', async () => {
    const result = await harness.run(['plan'], { env: { ...FAKE_KEYS, DD_SITE: 'datadoghq.co', SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET } });

    expect(result.code).toBe(2);
    expect(result.err).toContain('DD_SITE=datadoghq.co is not a Datadog site; one of datadoghq.com, us3.datadoghq.com');
    expect(harness.fake.requests).toEqual([]);
  });

  it('stops before any request when the webhook secret is neither set nor generated', async () => {
    secretsDir = mkdtempSync(join(tmpdir(), 'datadog-secrets-'));

    const result = await harness.run(['apply'], { env: { ...FAKE_KEYS, SHOPFAST_SECRETS_DIR: secretsDir } });

    expect(result.code).toBe(2);
    expect(result.err).toContain(`no webhook secret: SHOPFAST_WEBHOOK_SECRET is not set and ${join(secretsDir, 'datadog-webhook-secret')} cannot be read (it does not exist)`);
    expect(harness.fake.requests).toEqual([]);
  });

  it('reads the generated secret file, and refuses one every user can read or a short secret', async () => {
    secretsDir = mkdtempSync(join(tmpdir(), 'datadog-secrets-'));
    const file = join(secretsDir, 'datadog-webhook-secret');
    const env = { ...FAKE_KEYS, SHOPFAST_SECRETS_DIR: secretsDir };
    writeFileSync(file, `${FIXTURE_WEBHOOK_SECRET}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect((await harness.run(['plan'], { env })).err).toContain('is readable by every user (mode 644); chmod 600 it');

    chmodSync(file, 0o600);
    const planned = await harness.run(['plan'], { env });
    expect(planned.code).toBe(0);
    expect(planned.out).toMatch(/^create\s+webhook-secret\s/m);

    harness.fake.clearRequests();
    const short = await harness.run(['plan'], { env: { ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: 'short-secret' } });
    expect(short.code).toBe(2);
    expect(short.err).toContain('is shorter than 32 characters');
    expect(harness.fake.requests).toEqual([]);
  });

  it('needs no webhook secret to destroy', async () => {
    const result = await harness.run(['destroy'], { env: { ...FAKE_KEYS, SHOPFAST_SECRETS_DIR: '/nonexistent' } });

    expect(result.code).toBe(0);
    expect(result.out).toContain('No changes');
  });

  it('says so when Datadog refuses the keys', async () => {
    const result = await harness.run(['plan'], { env: { DD_API_KEY: 'wrong', DD_APP_KEY: 'wrong', SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET } });

    expect(result.code).toBe(1);
    expect(result.err).toBe('Datadog refused a read: HTTP 403: Forbidden');
  });
});

describe('what the real definitions point at', () => {
  const env = { ...FAKE_KEYS, SHOPFAST_WEBHOOK_SECRET: FIXTURE_WEBHOOK_SECRET };

  it.each([[['plan']], [['apply']], [['export', 'terraform', '--out', '/nonexistent/never-written']]])(
    '%j stops before any request without SHOPFAST_PUBLIC_URL: the defaults would point Datadog at localhost',
    async (argv) => {
      const result = await harness.run(argv, { env, deps: { loadDefinitions } });

      expect(result.code).toBe(2);
      expect(result.err).toContain('SHOPFAST_PUBLIC_URL: not set');
      expect(harness.fake.requests).toEqual([]);
    },
  );

  it('refuses a loopback or plain-http public URL before any request, and takes a public https one', async () => {
    const local = await harness.run(['apply'], { env: { ...env, SHOPFAST_PUBLIC_URL: 'http://127.0.0.1:8080' }, deps: { loadDefinitions } });
    expect(local.code).toBe(2);
    expect(local.err).toContain('SHOPFAST_PUBLIC_URL: http://127.0.0.1:8080 is not https');
    expect(local.err).toContain('SHOPFAST_PUBLIC_URL: 127.0.0.1 is not a public host');
    expect(harness.fake.requests).toEqual([]);

    const planned = await harness.run(['plan'], { env: { ...env, DD_ENV: 'prod', SHOPFAST_PUBLIC_URL: 'https://shop.example.com' }, deps: { loadDefinitions } });
    expect(planned.err).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.out).toMatch(/^create\s+webhook\s+shopfast-incident-prod\s/m);
  });

  it('needs no public URL for plan --offline or destroy, which publish nothing', async () => {
    expect((await harness.run(['plan', '--offline'], { env: {}, deps: { loadDefinitions } })).code).toBe(0);
    const destroyed = await harness.run(['destroy'], { env: { ...FAKE_KEYS }, deps: { loadDefinitions } });
    expect(destroyed.code).toBe(0);
    expect(destroyed.out).toContain('Reading the managed objects of env docker');
  });

  it('is what docs/kubernetes.md says: the env defaults to docker, the local shop only for plan --offline and destroy', () => {
    const docs = readFileSync(resolve(__dirname, '../../../../docs/kubernetes.md'), 'utf8');
    const paragraph = (/\*\*Monitors and the incident webhook\.\*\*[\s\S]*?\n\n/.exec(docs)?.[0] ?? '').replace(/\s+/g, ' ');
    expect(paragraph).toContain('defaults to the compose deployment\'s env (`DD_ENV=docker`)');
    expect(paragraph).toContain('only `plan --offline` and `destroy` also default to the shop at `http://localhost:8080`');
    expect(paragraph).toContain('`plan`, `apply` and `export` need `SHOPFAST_PUBLIC_URL`');

    const checked = loadDefinitions({}, 'check');
    expect(checked.env).toBe('docker');
    expect(checked.definitions.find((definition) => definition.kind === 'webhook')?.body).toMatchObject({ url: 'http://localhost:8080/api/webhooks/datadog' });
    expect(() => loadDefinitions({}, 'publish')).toThrow(/SHOPFAST_PUBLIC_URL: not set/);
  });
});

describe('arguments', () => {
  it.each([[[]], [['deploy']], [['export']], [['export', 'pulumi']], [['apply', '--offline']], [['plan', '--out', 'x']], [['plan', '--frobnicate']], [['apply', 'now']]])(
    'prints the usage and exits 2 for %j',
    async (argv) => {
      const result = await harness.run(argv);

      expect(result.code).toBe(2);
      expect(result.err).toContain('npm run datadog -- <command>');
      expect(harness.fake.requests).toEqual([]);
    },
  );

  it('prints the usage for help', async () => {
    const result = await harness.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('plan --offline');
  });
});
