// The running local stack these tests use (`npm run stack:up`), and a private edge (nginx) rendered
// from the same template as the stack's, for runs that need different runtime config (RUM on).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { localUrl } from '@shopfast/stack-ports';
import { writeEdgeConfig, type EdgeSettings } from '../../../infra/nginx/render-edge-config';

/** This folder. web is an ES module package: only Vitest would provide the CommonJS variable. */
const here = import.meta.dirname;

// The stack's ports (@shopfast/stack-ports: SHOPFAST_GATEWAY_PORT moves the gateway here as for the
// stack); a whole SHOPFAST_*_URL points the browser tests at a stack somewhere else.
export const GATEWAY = process.env.SHOPFAST_GATEWAY_URL ?? localUrl('gateway');
export const EDGE = process.env.SHOPFAST_EDGE_URL ?? localUrl('edge');
export const TEST_AGENT = process.env.SHOPFAST_TEST_AGENT_URL ?? localUrl('testAgent');
/** The stack's generated admin token (`npm start` writes .stack/secrets/admin-token), for /api/admin/*. */
export const ADMIN_TOKEN = process.env.SHOPFAST_ADMIN_TOKEN ?? fs.readFileSync(path.resolve(here, '..', '..', '..', '.stack', 'secrets', 'admin-token'), 'utf8').trim();
export const WEB_DIST = path.resolve(here, '..', '..', 'dist');
/**
 * Every run screenshots each main page into .stack/screenshots (ignored by git, kept as CI output);
 * SHOPFAST_UPDATE_SCREENSHOTS=1 writes them into docs/screenshots, the README gallery, instead.
 */
export const SCREENSHOTS = process.env.SHOPFAST_UPDATE_SCREENSHOTS === '1'
  ? path.resolve(here, '..', '..', '..', 'docs', 'screenshots')
  : path.resolve(here, '..', '..', '..', '.stack', 'screenshots');

async function ok(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Fails with what to run when the stack (gateway + edge) or the build is missing. */
export async function requireStack(): Promise<void> {
  const missing: string[] = [];
  if (!(await ok(`${GATEWAY}/readyz`))) missing.push(`the gateway (${GATEWAY}/readyz)`);
  if (!(await ok(`${EDGE}/healthz`))) missing.push(`the edge (${EDGE}/healthz)`);
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) missing.push('the storefront build (npm run build -w @shopfast/web)');
  if (missing.length > 0) throw new Error(`Browser tests need the local stack: ${missing.join(', ')} not ready. Run \`npm run stack:up\`.`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * A RUM configuration for a test edge: every session sampled, no replay, batches through the edge's /api/rum
 * proxy to the local intake. Each test file names its own application so its events are told apart.
 */
export function rumTestConfig(applicationId: string): EdgeSettings['rum'] {
  return {
    applicationId,
    clientToken: 'pube2e0000fake0token',
    site: 'datadoghq.com',
    env: 'e2e',
    version: '0.1.0',
    sessionSampleRate: 100,
    sessionReplaySampleRate: 0,
    proxy: '/api/rum',
  };
}

export interface TestEdge {
  url: string;
  stop(): Promise<void>;
}

/** nginx on a free port with the given runtime config, proxying /api to the running gateway. */
export async function startTestEdge(overrides: Partial<EdgeSettings> & { rum: EdgeSettings['rum'] }): Promise<TestEdge> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-edge-'));
  const gatewayPort = new URL(GATEWAY).port || '80';
  const { mainConfig } = writeEdgeConfig(dir, {
    port,
    webRoot: WEB_DIST,
    gatewayUpstream: `127.0.0.1:${gatewayPort}`,
    apiOrigin: '',
    expressShippingBanner: true,
    ...overrides,
  });
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', mainConfig, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await ok(`${url}/healthz`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      child.kill('SIGTERM');
      throw new Error(`test edge did not start on ${url}: ${log.slice(-1_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
