// Where the webhook's shared secret comes from: SHOPFAST_WEBHOOK_SECRET, or the file the secrets generator
// writes (infra/secrets/generate-secrets.mjs: `datadog-webhook-secret` in SHOPFAST_SECRETS_DIR, by default the
// local stack's .stack/secrets), the same file the incident service checks deliveries against. The same rules as
// the services' secret files: a file other users can read is refused, and so is a short or guessable value.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config';

export const WEBHOOK_SECRET_FILE_NAME = 'datadog-webhook-secret';
const MIN_LENGTH = 32;

export function webhookSecretFromEnv(env: NodeJS.ProcessEnv, repoRoot: string): string {
  const fromEnv = env.SHOPFAST_WEBHOOK_SECRET?.trim();
  if (fromEnv) return checked(fromEnv, 'SHOPFAST_WEBHOOK_SECRET');
  const file = join(env.SHOPFAST_SECRETS_DIR?.trim() || join(repoRoot, '.stack', 'secrets'), WEBHOOK_SECRET_FILE_NAME);
  let text: string;
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new ConfigError([
      `no webhook secret: SHOPFAST_WEBHOOK_SECRET is not set and ${file} cannot be read (${reason}). ` +
        'Set SHOPFAST_WEBHOOK_SECRET to the secret the incident service expects, or generate the secrets ' +
        '(npm start does it; or node infra/secrets/generate-secrets.mjs <dir> with SHOPFAST_SECRETS_DIR=<dir>).',
    ]);
  }
  if (mode & 0o007) throw new ConfigError([`${file} is readable by every user (mode ${mode.toString(8)}); chmod 600 it`]);
  return checked(text.replace(/\r?\n$/, ''), file);
}

function checked(secret: string, source: string): string {
  if (secret.length < MIN_LENGTH) throw new ConfigError([`the webhook secret from ${source} is shorter than ${MIN_LENGTH} characters`]);
  if (new Set(secret).size < 8) throw new ConfigError([`the webhook secret from ${source} has fewer than 8 distinct characters`]);
  return secret;
}
