import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['gateway', 'services/user', 'services/product', 'services/cart', 'services/order', 'services/payment', 'services/inventory', 'services/shipping', 'services/notification'];

/** Starts a built service with the given environment only (plus PATH) and returns how it ended. */
function startWith(dir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/main.js'], {
    cwd: join(ROOT, dir),
    env: { PATH: process.env.PATH ?? '', DD_TRACE_ENABLED: 'false', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('configuration is validated once at start-up', () => {
  it.each(SERVICES)('%s exits non-zero naming PORT when PORT=abc', (dir) => {
    const result = startWith(dir, { PORT: 'abc', DD_SERVICE: 'config-test' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/^Invalid configuration for /);
    expect(result.stderr).toMatch(/- PORT: must be a number \(got "abc"\)/);
  });

  it('lists every problem in one message, not just the first', () => {
    const result = startWith('services/product', { PORT: '70000', MONGODB_URL: 'http://not-mongo', LOG_LEVEL: 'loud' });
    expect(result.status).toBe(78);
    for (const key of ['PORT', 'MONGODB_URL', 'ELASTICSEARCH_URL', 'REDIS_URL', 'INVENTORY_SERVICE_URL', 'LOG_LEVEL', 'DD_SERVICE']) {
      expect(result.stderr).toContain(`- ${key}:`);
    }
    expect(result.stderr).toContain('(7 problems)');
  });
});
