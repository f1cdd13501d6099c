// The local stack's secrets: service keys, the trusted-keys set and the admin token, generated on the
// first `npm start` into .stack/secrets (directory 700, files 600) and kept from then on. Nothing
// secret has a default anywhere in the repository (docs/decisions/010-trust-between-services.md).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot, shortPath, stateDir } from './paths';

export const secretsDir = path.join(stateDir, 'secrets');
export const adminTokenFile = path.join(secretsDir, 'admin-token');
const generator = path.join(repoRoot, 'infra', 'secrets', 'generate-secrets.mjs');

/** Generates whatever secret is missing (the same script compose's init container runs) and says so. */
export function ensureSecrets(log: (line: string) => void): void {
  const output = execFileSync(process.execPath, [generator, secretsDir], { encoding: 'utf8' }).trim();
  if (output.startsWith('generated')) log(`secrets: ${output.replace(secretsDir, shortPath(secretsDir))}`);
}
