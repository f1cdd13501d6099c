// The chart's secrets Job (infra/helm/shopfast/files/store-secrets.mjs) against an in-memory API server: it creates
// the Secret with every generated file, keeps what the Secret already holds (an upgrade never changes a key), adds
// what a newer generator knows (a new app's key, with trusted-keys.json derived again), and what it stores is what
// the services accept; the Datadog agent's Secret holds the monitoring password and nothing else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadServiceKeys, parseTrustedKeys, readSecretFile } from '@shopfast/service-kit';
import { chartDir } from './k8s-chart';

interface ApiAnswer {
  status: number;
  body: unknown;
}
type Api = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
type Outcome = 'created' | 'updated' | 'unchanged';
type StoreSecrets = (options: { api: Api; namespace: string; name: string; datadogName?: string; labels?: Record<string, string> }) => Promise<Record<string, Outcome>>;

let storeSecrets: StoreSecrets;
let APPS: string[];
beforeAll(async () => {
  ({ storeSecrets } = (await import(pathToFileURL(path.join(chartDir, 'files', 'store-secrets.mjs')).href)) as { storeSecrets: StoreSecrets });
  ({ APPS } = (await import(pathToFileURL(path.join(chartDir, 'files', 'generate-secrets.mjs')).href)) as { APPS: string[] });
});

/** One namespace's Secrets, as the API server answers for them (resourceVersion checked on replace). */
function fakeApiServer() {
  const secrets = new Map<string, { metadata: { name: string; resourceVersion: string; labels?: Record<string, string> }; data: Record<string, string> }>();
  const calls: string[] = [];
  let version = 0;
  const api: Api = async (method, url, body) => {
    calls.push(`${method} ${url}`);
    const match = /^\/api\/v1\/namespaces\/shopfast\/secrets(?:\/([^/]+))?$/.exec(url);
    if (!match) return { status: 404, body: { message: `no route ${url}` } };
    const name = match[1];
    const sent = body as { metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> }; data: Record<string, string> } | undefined;
    if (method === 'GET' && name) return secrets.has(name) ? { status: 200, body: secrets.get(name) } : { status: 404, body: { reason: 'NotFound' } };
    if (method === 'POST' && !name && sent) {
      if (secrets.has(sent.metadata.name)) return { status: 409, body: { reason: 'AlreadyExists' } };
      secrets.set(sent.metadata.name, { metadata: { name: sent.metadata.name, labels: sent.metadata.labels, resourceVersion: String(++version) }, data: sent.data });
      return { status: 201, body: secrets.get(sent.metadata.name) };
    }
    if (method === 'PUT' && name && sent) {
      if (secrets.get(name)?.metadata.resourceVersion !== sent.metadata.resourceVersion) return { status: 409, body: { reason: 'Conflict' } };
      secrets.set(name, { metadata: { name, labels: sent.metadata.labels, resourceVersion: String(++version) }, data: sent.data });
      return { status: 200, body: secrets.get(name) };
    }
    return { status: 405, body: {} };
  };
  return { api, secrets, calls };
}

const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([file, value]) => [file, Buffer.from(value, 'base64').toString('utf8')]));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** The Secret's files on disk as the apps get them (mode 600 here, 0440 in the pod: readable by the app only). */
function mounted(data: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shopfast-mounted-'));
  dirs.push(dir);
  for (const [file, value] of Object.entries(decode(data))) writeFileSync(path.join(dir, file), value, { mode: 0o600 });
  return dir;
}

describe('the secrets Job', () => {
  it('creates the Secret with a key per app, the trusted keys, the tokens and the passwords', async () => {
    const server = fakeApiServer();
    expect(await storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets', labels: { 'app.kubernetes.io/name': 'shopfast' } })).toEqual({ 'shopfast-secrets': 'created' });
    expect([...server.secrets.keys()]).toEqual(['shopfast-secrets']);
    const secret = server.secrets.get('shopfast-secrets')!;
    expect(secret.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'shopfast' });
    expect(Object.keys(secret.data).sort()).toEqual(
      [...APPS.map((app) => `${app}.key.pem`), 'admin-token', 'datadog-postgres-password', 'datadog-webhook-secret', 'postgres-password', 'trusted-keys.json'].sort(),
    );
    const dir = mounted(secret.data);
    expect(parseTrustedKeys(decode(secret.data)['trusted-keys.json']!).keys.map((key) => key.kid).sort()).toEqual([...APPS].sort());
    for (const app of APPS) {
      expect(() => loadServiceKeys({ service: app, keyFile: path.join(dir, `${app}.key.pem`), trustedKeysFile: path.join(dir, 'trusted-keys.json') }), app).not.toThrow();
    }
    expect(readSecretFile(path.join(dir, 'admin-token'), { name: 'admin token', minLength: 32 })).toHaveLength(43);
  });

  it('leaves a complete Secret as it is: an upgrade changes no key', async () => {
    const server = fakeApiServer();
    await storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets' });
    const before = structuredClone(server.secrets.get('shopfast-secrets')!);
    expect(await storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets' })).toEqual({ 'shopfast-secrets': 'unchanged' });
    expect(server.secrets.get('shopfast-secrets')).toEqual(before);
    expect(server.calls.filter((call) => call.startsWith('PUT'))).toEqual([]);
  });

  it('adds what a newer generator knows and keeps everything else', async () => {
    const server = fakeApiServer();
    await storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets' });
    const secret = server.secrets.get('shopfast-secrets')!;
    const kept = { ...secret.data };
    // As installed by a release before the incident service existed.
    delete secret.data['incident.key.pem'];
    delete secret.data['datadog-webhook-secret'];
    expect(await storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets' })).toEqual({ 'shopfast-secrets': 'updated' });
    const updated = server.secrets.get('shopfast-secrets')!.data;
    for (const file of ['gateway.key.pem', 'admin-token', 'postgres-password', 'datadog-postgres-password']) expect(updated[file], file).toBe(kept[file]);
    expect(updated['incident.key.pem']).toBeDefined();
    expect(updated['incident.key.pem']).not.toBe(kept['incident.key.pem']);
    const dir = mounted(updated);
    expect(() => loadServiceKeys({ service: 'incident', keyFile: path.join(dir, 'incident.key.pem'), trustedKeysFile: path.join(dir, 'trusted-keys.json') })).not.toThrow();
  });

  it("keeps the Datadog agent's Secret with the monitoring password and nothing else, in step with the main one", async () => {
    const server = fakeApiServer();
    const store = () => storeSecrets({ api: server.api, namespace: 'shopfast', name: 'shopfast-secrets', datadogName: 'shopfast-datadog', labels: { a: 'b' } });
    expect(await store()).toEqual({ 'shopfast-secrets': 'created', 'shopfast-datadog': 'created' });
    const main = server.secrets.get('shopfast-secrets')!.data;
    const datadog = server.secrets.get('shopfast-datadog')!;
    // Only what the PostgreSQL check reads: no key, token, webhook secret or superuser password.
    expect(datadog.data).toEqual({ 'datadog-postgres-password': main['datadog-postgres-password'] });
    expect(datadog.metadata.labels).toEqual({ a: 'b' });
    expect(await store()).toEqual({ 'shopfast-secrets': 'unchanged', 'shopfast-datadog': 'unchanged' });
    // Tampered with or widened by hand: put back to the one file.
    datadog.data['admin-token'] = main['admin-token']!;
    datadog.data['datadog-postgres-password'] = Buffer.from('other').toString('base64');
    expect(await store()).toEqual({ 'shopfast-secrets': 'unchanged', 'shopfast-datadog': 'updated' });
    expect(server.secrets.get('shopfast-datadog')!.data).toEqual({ 'datadog-postgres-password': main['datadog-postgres-password'] });
  });

  it('fails loudly when the API server refuses', async () => {
    const refusing: Api = async () => ({ status: 403, body: { reason: 'Forbidden' } });
    await expect(storeSecrets({ api: refusing, namespace: 'shopfast', name: 'shopfast-secrets' })).rejects.toThrow(/reading Secret shopfast\/shopfast-secrets: HTTP 403/);
  });
});
