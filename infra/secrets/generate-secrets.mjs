#!/usr/bin/env node
// Generates ShopFast's secrets into a directory, once: nothing here has a published default.
//
//   node infra/secrets/generate-secrets.mjs <dir> [--owner UID:GID] [--postgres-owner UID:GID]
//
// Used by the local stack (.stack/secrets, on every `npm start`), by compose (an init container writes
// them into the `secrets` volume before anything else starts) and later by the Kubernetes chart. Files
// that exist are kept: a restart never changes a key or a password. Plain Node, no dependencies, so it
// runs in a stock node image.
//
//   <app>.key.pem              Ed25519 private key of each app (PKCS#8): signs the tokens it sends
//   trusted-keys.json          JWKS of every app's public key (kid = app name): what services verify with
//   admin-token                bearer token for /api/admin/* (gateway)
//   postgres-password          password of PostgreSQL's `postgres` user (compose: the server and the apps read it)
//   datadog-postgres-password  password of the `datadog` monitoring user (Database Monitoring, compose:
//                              PostgreSQL's init and the agent read it)
//   datadog-webhook-secret     the secret Datadog's webhook integration sends in x-shopfast-webhook-secret
//                              (its hidden custom variable SHOPFAST_WEBHOOK_SECRET); the incident service checks it
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every app that sends or verifies service tokens. */
export const APPS = ['gateway', 'user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification', 'incident'];
const RANDOM_SECRETS = ['admin-token', 'postgres-password', 'datadog-postgres-password', 'datadog-webhook-secret'];

/** Writes `content` to `file` atomically with `mode`, unless it exists. Returns whether it wrote. */
function writeOnce(file, content, mode) {
  if (existsSync(file)) return false;
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, content, { mode });
  renameSync(partial, file);
  return true;
}

function parseOwner(value) {
  if (!value) return undefined;
  const [uid, gid] = value.split(':').map(Number);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`owner must be UID:GID, got ${value}`);
  return { uid, gid };
}

export function generateSecrets(dir, options = {}) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, options.owner ? 0o755 : 0o700);
  const created = [];
  for (const app of APPS) {
    const file = join(dir, `${app}.key.pem`);
    const { privateKey } = generateKeyPairSync('ed25519');
    if (writeOnce(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600)) created.push(file);
  }
  for (const name of RANDOM_SECRETS) {
    const file = join(dir, name);
    if (writeOnce(file, randomBytes(32).toString('base64url'), 0o600)) created.push(file);
  }
  // The public keys, derived from the private keys every time: always matches what is on disk.
  const keys = APPS.map((app) => {
    const jwk = createPublicKey(createPrivateKey(readFileSync(join(dir, `${app}.key.pem`)))).export({ format: 'jwk' });
    return { ...jwk, kid: app, alg: 'EdDSA', use: 'sig' };
  });
  const trusted = join(dir, 'trusted-keys.json');
  const partial = `${trusted}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o644 });
  renameSync(partial, trusted);
  // In containers the apps run as another user than the generator: hand the files over.
  if (options.owner) {
    for (const app of APPS) chownSync(join(dir, `${app}.key.pem`), options.owner.uid, options.owner.gid);
    for (const name of ['admin-token', 'datadog-webhook-secret', 'trusted-keys.json']) chownSync(join(dir, name), options.owner.uid, options.owner.gid);
  }
  if (options.postgresOwner) {
    // PostgreSQL reads both passwords; the apps (group of --postgres-owner) read the server password too.
    chownSync(join(dir, 'postgres-password'), options.postgresOwner.uid, options.postgresOwner.gid);
    chmodSync(join(dir, 'postgres-password'), 0o640);
    chownSync(join(dir, 'datadog-postgres-password'), options.postgresOwner.uid, options.postgresOwner.gid);
  }
  return created;
}

// Run as a script (compose's init container, or by hand).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: generate-secrets.mjs <dir> [--owner UID:GID] [--postgres-owner UID:GID]\n');
    process.exit(2);
  }
  const flag = (name) => {
    const index = rest.indexOf(name);
    return index === -1 ? undefined : rest[index + 1];
  };
  const created = generateSecrets(dir, { owner: parseOwner(flag('--owner')), postgresOwner: parseOwner(flag('--postgres-owner')) });
  process.stdout.write(created.length > 0 ? `generated ${created.length} secrets in ${dir}\n` : `secrets in ${dir} kept as they are\n`);
}
