import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createCallerVerifier,
  createTokenIssuer,
  generateServiceKeys,
  parseTrustedKeys,
  serviceKeysFrom,
  type ActingFor,
  type CallerVerifier,
  type TokenIssuer,
} from '@shopfast/service-kit';

const APPS = ['gateway', 'user', 'product', 'cart', 'order', 'payment', 'inventory', 'shipping', 'notification', 'incident'] as const;
export type AppName = (typeof APPS)[number];

/**
 * Keys for integration tests that build a service in-process: generated in memory for this test run,
 * never written down, so no test depends on a key anyone could copy.
 */
const testKeys = generateServiceKeys(APPS);

/** What a service built in a test verifies callers with (createApp's `callers`). */
export function testCallers(service: AppName): CallerVerifier {
  return createCallerVerifier(testKeys[service]);
}

/** What a service built in a test signs its calls with (createServiceClient's `credentials`). */
export function testCredentials(service: AppName): TokenIssuer {
  return createTokenIssuer(testKeys[service]);
}

/** `{ authorization }` for calling `to` in a test as `from`, on behalf of a customer or an administrator. */
export async function callerHeaders(from: AppName, to: AppName, actingFor: ActingFor = {}): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await testCredentials(from).tokenFor(to, actingFor)}` };
}

/** The running local stack's generated secrets (npm start writes them; see infra/secrets/generate-secrets.mjs). */
export const stackSecretsDir = resolve(process.env.SHOPFAST_SECRETS_DIR ?? join(__dirname, '..', '..', '..', '.stack', 'secrets'));

/** The admin token of the running stack, for /api/admin/* in end-to-end tests. */
export function stackAdminToken(): string {
  return readFileSync(join(stackSecretsDir, 'admin-token'), 'utf8').trim();
}

/**
 * `{ authorization }` for calling a service of the running stack directly, as `from` would (with its
 * real generated key): how end-to-end tests reach endpoints the gateway does not expose, such as the
 * payment ledger or the notifications list.
 */
export async function stackCallerHeaders(from: AppName, to: AppName, actingFor: ActingFor = {}): Promise<{ authorization: string }> {
  const trusted = parseTrustedKeys(readFileSync(join(stackSecretsDir, 'trusted-keys.json'), 'utf8'));
  const keys = serviceKeysFrom(from, readFileSync(join(stackSecretsDir, `${from}.key.pem`), 'utf8'), trusted);
  return { authorization: `Bearer ${await createTokenIssuer(keys).tokenFor(to, actingFor)}` };
}
