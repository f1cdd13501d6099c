#!/usr/bin/env node
// The chart's secrets Job (templates/secrets-job.yaml): generates ShopFast's secrets with the same script compose
// and the local stack run (generate-secrets.mjs, copied beside this file from infra/secrets/) and keeps them in a
// Kubernetes Secret, through the API server with the Job's service account.
//
//   node store-secrets.mjs <secret name> [<datadog secret name>]
//
// Files the Secret already holds are written back first, so generate-secrets.mjs keeps them (an upgrade never
// changes a key or a password), adds what is missing (a new app's key) and derives trusted-keys.json from every
// private key. The Secret is then created, or replaced when something was added. With a second name, that Secret
// gets a copy of datadog-postgres-password and nothing else: the Datadog agent's secret backend reads the
// PostgreSQL check's password from it, so the agent is never allowed to read the keys, the admin token or the
// superuser password. Plain Node, no dependencies, so it runs in the stock Node image.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecrets } from './generate-secrets.mjs';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The one file the Datadog agent needs: the `datadog` PostgreSQL user's password (its DBM check). */
export const DATADOG_FILES = ['datadog-postgres-password'];

const secretsPath = (namespace) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;

/** The Secret as the API server has it: {exists, data, resourceVersion}; anything but 200 or 404 throws. */
async function readSecret(api, namespace, name) {
  const current = await api('GET', `${secretsPath(namespace)}/${encodeURIComponent(name)}`);
  if (current.status !== 200 && current.status !== 404) throw new Error(`reading Secret ${namespace}/${name}: HTTP ${current.status} ${JSON.stringify(current.body)}`);
  return current.status === 200
    ? { exists: true, data: current.body.data ?? {}, resourceVersion: current.body.metadata?.resourceVersion }
    : { exists: false, data: {}, resourceVersion: undefined };
}

/** Makes the Secret hold exactly `data`: 'created', 'updated' or 'unchanged'. */
async function writeSecret(api, namespace, name, labels, data, current) {
  const same = Object.keys(data).length === Object.keys(current.data).length && Object.entries(data).every(([file, value]) => current.data[file] === value);
  if (current.exists && same) return 'unchanged';
  const body = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace, labels, ...(current.exists ? { resourceVersion: current.resourceVersion } : {}) },
    data,
  };
  const path = secretsPath(namespace);
  const written = current.exists ? await api('PUT', `${path}/${encodeURIComponent(name)}`, body) : await api('POST', path, body);
  if (written.status !== 200 && written.status !== 201) throw new Error(`writing Secret ${namespace}/${name}: HTTP ${written.status} ${JSON.stringify(written.body)}`);
  return current.exists ? 'updated' : 'created';
}

/**
 * Makes the Secret `name` hold every generated file and, when `datadogName` is given, that Secret hold only
 * DATADOG_FILES. `api` does the HTTP calls (`(method, path, body?) -> {status, body}`), so tests drive this
 * against a fake API server. Returns what happened to each Secret: name -> 'created', 'updated' or 'unchanged'.
 */
export async function storeSecrets({ api, namespace, name, datadogName, labels = {} }) {
  const current = await readSecret(api, namespace, name);
  const dir = mkdtempSync(join(tmpdir(), 'shopfast-secrets-'));
  let data;
  try {
    // Mode 600 like the generator's own files; it keeps every file that exists.
    for (const [file, value] of Object.entries(current.data)) writeFileSync(join(dir, file), Buffer.from(value, 'base64'), { mode: 0o600 });
    generateSecrets(dir);
    data = Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((file) => [file, readFileSync(join(dir, file)).toString('base64')]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const outcome = { [name]: await writeSecret(api, namespace, name, labels, data, current) };
  if (datadogName) {
    const datadogData = Object.fromEntries(DATADOG_FILES.map((file) => [file, data[file]]));
    outcome[datadogName] = await writeSecret(api, namespace, datadogName, labels, datadogData, await readSecret(api, namespace, datadogName));
  }
  return outcome;
}

/** The in-cluster API server, authenticated with the pod's service account token and verified with its CA. */
function inClusterApi() {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new Error('KUBERNETES_SERVICE_HOST is not set: run this in a pod');
  const token = readFileSync(join(SERVICE_ACCOUNT, 'token'), 'utf8').trim();
  const ca = readFileSync(join(SERVICE_ACCOUNT, 'ca.crt'));
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host,
          port,
          method,
          path,
          ca,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          },
          timeout: 15_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            let parsed;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 15 s`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, datadogName] = process.argv.slice(2);
  if (!name) {
    process.stderr.write('usage: store-secrets.mjs <secret name> [<datadog secret name>]\n');
    process.exit(2);
  }
  const namespace = readFileSync(join(SERVICE_ACCOUNT, 'namespace'), 'utf8').trim();
  const labels = JSON.parse(process.env.SHOPFAST_SECRET_LABELS ?? '{}');
  storeSecrets({ api: inClusterApi(), namespace, name, datadogName, labels }).then(
    (outcome) => {
      for (const [secret, what] of Object.entries(outcome)) process.stdout.write(`Secret ${namespace}/${secret}: ${what}\n`);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
