import { z } from 'zod';

/** A TCP port given as a string in the environment. */
export const port = () => z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be 1-65535').max(65535, 'must be 1-65535');

/** A URL with one of the given protocols (e.g. `postgres:`), given as a string in the environment. */
export const urlWithProtocol = (...protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

export const httpUrl = () => urlWithProtocol('http:', 'https:');

export const positiveInt = () => z.coerce.number({ error: 'must be a number' }).int('must be an integer').positive('must be > 0');

export const booleanFlag = () =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1');

/**
 * Keys every service reads. Services extend this with their own stores and peers:
 * `baseConfigSchema.extend({ DATABASE_URL: urlWithProtocol('postgres:').describe('...') })`.
 * DD_* keys are read by dd-trace and hot-shots too; we validate them here so a typo fails fast.
 */
export const baseConfigSchema = z.object({
  PORT: port().describe('TCP port the HTTP server listens on'),
  HOST: z.string().default('0.0.0.0').describe('Interface to bind; 0.0.0.0 in containers'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production').describe('Node environment'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  SHUTDOWN_TIMEOUT_MS: positiveInt().default(10_000).describe('How long SIGTERM waits for in-flight requests before closing'),
  DD_SERVICE: z.string().min(1).describe('Unified service tag: service name on traces, logs and metrics'),
  DD_ENV: z.string().min(1).default('local').describe('Unified service tag: environment'),
  DD_VERSION: z.string().min(1).default('0.0.0').describe('Unified service tag: version of this build'),
  DD_AGENT_HOST: z.string().min(1).default('127.0.0.1').describe('Datadog agent host, for traces (8126) and DogStatsD (8125)'),
  DD_DOGSTATSD_PORT: port().default(8125).describe('DogStatsD UDP port on the agent host'),
  DD_TRACE_AGENT_PORT: port().default(8126).describe('APM intake port on the agent host'),
  METRICS_PREFIX: z.string().default('').describe('Prefix for every custom metric name (empty: names are used as catalogued)'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
