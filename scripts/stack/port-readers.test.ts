// "Moving one port with a single setting moves it for the stack, the tests and the browser tests":
// SHOPFAST_GATEWAY_PORT alone, in a fresh process, as a developer would set it.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from './lib/tsx-loader';

const probe = path.join(__dirname, 'port-readers.probe.ts');

/** What each reader sees in a child process with this environment (and no other SHOPFAST_* setting). */
function gatewayAsSeenWith(extra: Record<string, string>): Record<string, string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SHOPFAST_')) env[key] = value;
  // The browser tests read the stack's admin token at import; this run never uses it.
  Object.assign(env, { SHOPFAST_ADMIN_TOKEN: 'not-used' }, extra);
  const child = spawnSync(process.execPath, ['--import', tsxLoaderUrl('port-readers-test'), probe], { env, encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as Record<string, string>;
}

describe('one port setting', () => {
  it('moves the gateway for the stack, the e2e tests and the browser tests with SHOPFAST_GATEWAY_PORT alone', () => {
    expect(gatewayAsSeenWith({ SHOPFAST_GATEWAY_PORT: '5999' })).toEqual({
      'stack: gateway PORT': '5999',
      'stack: gateway component url': 'http://127.0.0.1:5999',
      'stack: gateway port check': '5999 SHOPFAST_GATEWAY_PORT',
      'stack: urls.gateway': 'http://127.0.0.1:5999',
      'test-kit: endpoints.gateway': 'http://127.0.0.1:5999',
      'browser tests: GATEWAY': 'http://127.0.0.1:5999',
    });
  }, 120_000);

  it('leaves every reader on the registry default, 5001, without it', () => {
    const seen = gatewayAsSeenWith({});
    expect(seen['stack: gateway PORT']).toBe('5001');
    for (const key of ['stack: urls.gateway', 'test-kit: endpoints.gateway', 'browser tests: GATEWAY']) expect(seen[key], key).toBe('http://127.0.0.1:5001');
  }, 120_000);
});
