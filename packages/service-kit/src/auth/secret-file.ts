import { readGeneratedFile } from './generated-file';

/**
 * Values this repository published as defaults before secrets were generated (and the usual
 * placeholders): a deployment that still uses one is as open as one without a secret.
 */
export const KNOWN_WEAK_SECRETS: ReadonlySet<string> = new Set([
  'local-admin-token',
  'local-development-secret-change-me-0123456789',
  'shopfast-local-only',
  'datadog-local-only',
  'change-me',
  'changeme',
  'secret',
  'password',
  'postgres',
  'admin',
]);

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

export interface SecretFileOptions {
  /** What the secret is, for messages ("the admin token (ADMIN_TOKEN_FILE)"). */
  name: string;
  /** Shortest acceptable value. */
  minLength: number;
}

/** Why a secret value is not good enough, or undefined when it is. */
export function weakSecretReason(value: string, minLength: number): string | undefined {
  if (KNOWN_WEAK_SECRETS.has(value.toLowerCase())) return 'it is a published default';
  if (value.length < minLength) return `it is shorter than ${minLength} characters`;
  if (new Set(value).size < 8) return 'it has fewer than 8 distinct characters';
  return undefined;
}

/**
 * Reads a secret from a file (one value; a trailing newline is ignored), refusing one that is missing,
 * empty, short or known to be published, and one other users can read: these files are generated with
 * mode 600 (infra/secrets/generate-secrets.mjs) and a looser mode means something copied them around.
 */
export function readSecretFile(path: string, options: SecretFileOptions): string {
  const value = readGeneratedFile(path, options.name, { mustBePrivate: true }, (message) => new SecretError(message)).replace(/\r?\n$/, '');
  const weak = weakSecretReason(value, options.minLength);
  if (weak) throw new SecretError(`${options.name} in ${path} is not safe to use: ${weak}. Delete it and generate a new one.`);
  return value;
}

/** The database password named by DATABASE_PASSWORD_FILE, or undefined when the URL needs none. */
export function databasePassword(file: string | undefined): string | undefined {
  return file === undefined ? undefined : readSecretFile(file, { name: 'the database password (DATABASE_PASSWORD_FILE)', minLength: 16 });
}
