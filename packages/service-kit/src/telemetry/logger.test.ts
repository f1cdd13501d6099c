import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createLogger } from './logger';

/** Collects what pino writes, one parsed JSON object per line. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON with service, env, version and a Datadog status', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'cart', env: 'test', version: '1.2.3', destination }).warn({ items: 2 }, 'cart is big');
    expect(lines[0]).toMatchObject({ service: 'cart', env: 'test', version: '1.2.3', status: 'warn', message: 'cart is big', items: 2 });
  });

  it('redacts card data and secrets wherever they are logged', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'payment', env: 'test', version: '1', destination });
    logger.info({ payment: { cardNumber: '4242424242424242', cvc: '123' }, password: 'hunter22', body: { card: { number: '4000000000000002', cvc: '999' } } }, 'charge');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('4242424242424242');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('"123"');
    expect(text).not.toContain('4000000000000002');
    expect(text).not.toContain('"999"');
    expect(lines[0]).toMatchObject({ payment: { cardNumber: '[REDACTED]', cvc: '[REDACTED]' }, password: '[REDACTED]' });
  });

  it('carries the active trace and span ids in a traced process (dd-trace log injection)', () => {
    // A child process, because dd-trace must be loaded before pino, as in a real service.
    const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'test-fixtures', 'log-inside-span.cjs')], {
      env: { ...process.env, DD_TRACE_AGENT_PORT: '9', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', DD_REMOTE_CONFIGURATION_ENABLED: 'false' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const ids = lines.at(-1) as { traceId: string; spanId: string };
    const logLine = lines.find((line) => line.message === 'inside a span');
    expect(logLine?.dd?.span_id).toBe(ids.spanId);
    // 128-bit trace ids are logged as 32 hex characters; with 128-bit logging off, as the 64-bit decimal id.
    expect([ids.traceId, BigInt.asUintN(64, BigInt(`0x${ids.traceId}`)).toString()]).toContain(logLine?.dd?.trace_id);
    expect(logLine).toMatchObject({ service: 'order', env: 'test', version: '9.9.9' });
  });
});
