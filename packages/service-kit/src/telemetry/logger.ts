import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  service: string;
  env: string;
  version: string;
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

/**
 * Keys that must never reach a log line. Card data and secrets are removed wherever they appear
 * in the first levels of a logged object (pino's redact paths do not support deep wildcards).
 */
export const REDACTED_PATHS = [
  'password',
  'cardNumber',
  'cvc',
  'token',
  '*.password',
  '*.cardNumber',
  '*.cvc',
  '*.token',
  '*.*.password',
  '*.*.cardNumber',
  '*.*.cvc',
  // The payment API nests the card: { card: { number, cvc } }.
  'card.number',
  '*.card.number',
  '*.*.card.number',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * JSON logger. dd-trace's log injection adds `dd: { trace_id, span_id, service, env, version }` to
 * every record written while a span is active, which is what links a log line to its trace in Datadog.
 * That only works because pino is required after the tracer (see @shopfast/tracing/register).
 * `service`/`env`/`version` are also set here so lines written outside any span are still attributed.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      // ddsource picks Datadog's Node.js log pipeline (compose's log labels say the same).
      base: { service: options.service, env: options.env, version: options.version, ddsource: 'nodejs', pid: process.pid },
      // Datadog's pipeline maps `status`; keep pino's numeric level too for tooling that expects it.
      formatters: { level: (label, number) => ({ level: number, status: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
