import { z } from 'zod';
import { KNOWN_WEAK_SECRETS } from '../auth/secret-file';

type Env = Record<string, string | undefined>;

/** Thrown when the environment does not satisfy a service's config schema. Lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly serviceName: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid configuration for ${serviceName} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a zod object schema, once, at start-up.
 * Empty strings count as "not set" so that `FOO=` in a .env file falls back to the default
 * instead of failing a number or URL check with a confusing message.
 */
export function loadConfig<S extends z.ZodObject>(serviceName: string, schema: S, env: Env): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) {
    const weak = weakPasswordsIn(result.data as Record<string, unknown>);
    if (weak.length > 0) throw new ConfigError(serviceName, weak);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const received = input[key];
    const shown = received === undefined ? 'not set' : `got ${JSON.stringify(received)}`;
    return `${key}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(serviceName, problems);
}

/**
 * What main.ts calls: on a bad environment print one message naming every bad key and exit 78
 * (EX_CONFIG from sysexits.h), so orchestrators see a configuration failure, not a crash loop of stack traces.
 */
export function loadConfigOrExit<S extends z.ZodObject>(serviceName: string, schema: S, env: Env = process.env): z.infer<S> {
  try {
    return loadConfig(serviceName, schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** One line per key, for READMEs and `--help`: `KEY (default: x) - description`. */
export function describeConfig(schema: z.ZodObject): Array<{ key: string; description: string; defaultValue?: unknown }> {
  return Object.entries(schema.shape).map(([key, field]) => {
    const type = field as z.ZodType;
    const parsedDefault = type.safeParse(undefined);
    return {
      key,
      description: type.description ?? '',
      ...(parsedDefault.success && parsedDefault.data !== undefined ? { defaultValue: parsedDefault.data } : {}),
    };
  });
}

/**
 * In production, a URL that carries a password this repository once published as a default (or a
 * common placeholder) is refused: the deployment would be open to anyone who read the repository.
 */
function weakPasswordsIn(config: Record<string, unknown>): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    let password = '';
    try {
      password = decodeURIComponent(new URL(value).password);
    } catch {
      continue;
    }
    if (password && KNOWN_WEAK_SECRETS.has(password.toLowerCase())) {
      problems.push(`${key}: its password is a published default; use a generated one (a *_PASSWORD_FILE) in production`);
    }
  }
  return problems;
}
