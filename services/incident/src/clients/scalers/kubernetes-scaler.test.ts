import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../model/incident';
import { createKubernetesScaler, type KubernetesScalerOptions } from './kubernetes-scaler';

/** A self-signed certificate for 127.0.0.1 (openssl is on the machine image), as a pod's CA bundle would hold. */
function certificate(dir: string, name: string) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key, cert };
}

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const dir = mkdtempSync(join(tmpdir(), 'fake-apiserver-'));
const serverCert = certificate(dir, 'apiserver');
const otherCa = certificate(dir, 'other');
const tokenFile = join(dir, 'token');
let server: https.Server;
let seen: Seen[] = [];
/** What the API server answers: the scale's replicas and resourceVersion, or a status for GET or PATCH. */
let scale = { replicas: 1, resourceVersion: '4711' };
let getStatus = 200;
let patchStatus = 200;

/** The API server's part: GET and PATCH of /apis/apps/v1/namespaces/{ns}/deployments/{name}/scale. */
beforeAll(async () => {
  server = https.createServer({ key: readFileSync(serverCert.key), cert: readFileSync(serverCert.cert) }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const status = req.method === 'GET' ? getStatus : patchStatus;
      res.writeHead(status, { 'content-type': 'application/json' });
      if (status !== 200) return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: status }));
      const replicas = req.method === 'PATCH' ? (JSON.parse(body) as { spec: { replicas: number } }).spec.replicas : scale.replicas;
      res.end(JSON.stringify({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'shopfast-order', namespace: 'shop', resourceVersion: scale.resourceVersion }, spec: { replicas }, status: { replicas: scale.replicas } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  scale = { replicas: 1, resourceVersion: '4711' };
  getStatus = 200;
  patchStatus = 200;
  writeFileSync(tokenFile, 'token-one\n');
});

const scaler = (overrides: Partial<KubernetesScalerOptions> = {}) =>
  createKubernetesScaler({
    apiUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    namespace: 'shop',
    tokenFile,
    caFile: serverCert.cert,
    deploymentTemplate: 'shopfast-{service}',
    max: 3,
    timeoutMs: 5_000,
    ...overrides,
  });
const PATH = '/apis/apps/v1/namespaces/shop/deployments/shopfast-order/scale';

describe('the Kubernetes scaler', () => {
  it('reads the Deployment\'s scale, then merge-patches one replica more with the service account token, over TLS checked against the CA', async () => {
    expect(await scaler().scaleUp('order')).toEqual({ scaler: 'kubernetes', service: 'order', result: 'scaled', from: 1, to: 2 });
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([`GET ${PATH}`, `PATCH ${PATH}`]);
    const [get, patch] = seen;
    expect(get!.headers).toMatchObject({ authorization: 'Bearer token-one', accept: 'application/json' });
    expect(patch!.headers).toMatchObject({ authorization: 'Bearer token-one', 'content-type': 'application/merge-patch+json' });
    expect(JSON.parse(patch!.body)).toEqual({ metadata: { resourceVersion: '4711' }, spec: { replicas: 2 } });
  });

  it('leaves a Deployment at SCALE_MAX as it is', async () => {
    scale = { replicas: 3, resourceVersion: '9' };
    expect(await scaler().scaleUp('order')).toEqual({ scaler: 'kubernetes', service: 'order', result: 'at_max', from: 3, to: 3 });
    expect(seen.map((request) => request.method)).toEqual(['GET']);
  });

  it('reads the token again on every call (the kubelet rotates it)', async () => {
    await scaler().scaleUp('order');
    writeFileSync(tokenFile, 'token-two\n');
    await scaler().scaleUp('order');
    expect(seen.map((request) => request.headers.authorization)).toEqual(['Bearer token-one', 'Bearer token-one', 'Bearer token-two', 'Bearer token-two']);
  });

  it('retries a conflict (the scale changed since it was read) and a server error, not a refusal', async () => {
    patchStatus = 409;
    await expect(scaler().scaleUp('order')).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('409') });
    patchStatus = 200;
    getStatus = 503;
    await expect(scaler().scaleUp('order')).rejects.toMatchObject({ retryable: true });
    for (const status of [403, 404]) {
      getStatus = status;
      const error = await scaler().scaleUp('order').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringContaining(String(status)) });
    }
  });

  it('refuses an API server whose certificate the CA bundle does not vouch for, and sends it nothing', async () => {
    await expect(scaler({ caFile: otherCa.cert }).scaleUp('order')).rejects.toMatchObject({ message: expect.stringContaining('Kubernetes API GET') });
    expect(seen).toEqual([]);
  });

  it('fails for good without a token or with a name that is not a Deployment name', async () => {
    await expect(scaler({ tokenFile: join(dir, 'missing') }).scaleUp('order')).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('service account token') });
    await expect(scaler().scaleUp('Order/../x')).rejects.toMatchObject({ retryable: false });
    expect(seen).toEqual([]);
  });
});
