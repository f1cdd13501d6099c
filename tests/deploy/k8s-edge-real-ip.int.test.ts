// The chart's edge behind proxies (edge.realIpFrom), run for real: the shared NGINX template rendered with the
// environment the chart gives the edge container, the chart's real-ip.conf beside it in conf.d (as the image's
// nginx.conf includes both at the http level), and the real nginx in front of a stand-in gateway that reports
// the X-Forwarded-For it got. That header is what the gateway's per-client rate limits key on (TRUST_PROXY).
// Integration project: nginx is installed by the local stack (its edge component); helm by npm test's setup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFile } from './compose-file';
import { MODES, ofKind, podTemplate, render } from './k8s-chart';

const template = readRepoFile('infra/nginx/templates/shopfast.conf.template');

/** envsubst as the nginx image runs it (NGINX_ENVSUBST_FILTER=^SHOPFAST_). */
const envsubst = (text: string, env: Record<string, string>) => text.replace(/\$\{(SHOPFAST_[A-Z0-9_]+)\}/g, (whole, name: string) => env[name] ?? whole);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The edge's env and real-ip.conf as the chart renders them with these extra flags. */
function chartEdge(extra: string[]): { env: Record<string, string>; realIpConf: string | undefined } {
  const { objects } = render(MODES.laptop, extra);
  const deployment = ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'shopfast-edge')!;
  const env = Object.fromEntries((podTemplate(deployment).spec.containers[0]!.env ?? []).map((entry) => [entry.name, entry.value ?? '']));
  const realIpConf = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'shopfast-edge-real-ip')?.data?.['real-ip.conf'];
  return { env, realIpConf };
}

let gateway: http.Server;
let gatewayPort: number;
const running: Array<{ process: ChildProcess; dir: string }> = [];

beforeAll(async () => {
  // The stand-in gateway: answers with the forwarding headers the edge sent.
  gateway = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ forwardedFor: req.headers['x-forwarded-for'] ?? null }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayPort = (gateway.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const { process: nginx, dir } of running.splice(0)) {
    nginx.kill('SIGTERM');
    await new Promise((resolve) => nginx.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await new Promise((resolve) => gateway.close(resolve));
});

/** Starts nginx with the chart's edge configuration (pointed at 127.0.0.1); returns its address. */
async function startEdge(extra: string[]): Promise<string> {
  const { env, realIpConf } = chartEdge(extra);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-k8s-edge-'));
  const [listen, status] = [await freePort(), await freePort()];
  const local = {
    ...env,
    SHOPFAST_EDGE_LISTEN: `127.0.0.1:${listen}`,
    SHOPFAST_STATUS_LISTEN: `127.0.0.1:${status}`,
    SHOPFAST_GATEWAY_UPSTREAM: `127.0.0.1:${gatewayPort}`,
    SHOPFAST_RUM_INTAKE_UPSTREAM: `127.0.0.1:${gatewayPort}`,
    SHOPFAST_RESOLVER: '127.0.0.1',
    SHOPFAST_WEB_ROOT: path.join(dir, 'html'),
  };
  fs.mkdirSync(local.SHOPFAST_WEB_ROOT);
  const confD = path.join(dir, 'conf.d');
  fs.mkdirSync(confD);
  fs.writeFileSync(path.join(confD, 'shopfast.conf'), envsubst(template, local));
  if (realIpConf !== undefined) fs.writeFileSync(path.join(confD, 'real-ip.conf'), realIpConf);
  const temp = (kind: string) => `    ${kind}_temp_path ${path.join(dir, kind)};`;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'master_process off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 64; }',
      'http {',
      `    access_log ${path.join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
      // As the image's nginx.conf: every file of conf.d at the http level.
      `    include ${confD}/*.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const check = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
  expect(check.error, 'nginx is not installed (the local stack installs it: apt nginx)').toBeUndefined();
  expect(`${check.stderr}exit ${check.status}`).toMatch(/test is successful[\s\S]*exit 0$/);
  const nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.push({ process: nginx, dir });
  const url = `http://127.0.0.1:${listen}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${url}/healthz`);
      return url;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const forwardedFor = async (edge: string, header: string) => {
  const response = await fetch(`${edge}/api/products`, { headers: { 'x-forwarded-for': header } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { forwardedFor: string | null }).forwardedFor;
};

describe("the chart's edge and the client address", () => {
  it('default (no edge.realIpFrom): the gateway gets the connection address, a client-sent X-Forwarded-For is dropped', async () => {
    const edge = await startEdge([]);
    expect(await forwardedFor(edge, '203.0.113.9')).toBe('127.0.0.1');
  });

  it('edge.realIpFrom names the proxy: the gateway gets the client address the proxy reported', async () => {
    const edge = await startEdge(['--set', 'edge.realIpFrom={127.0.0.0/8}']);
    expect(await forwardedFor(edge, '203.0.113.9')).toBe('203.0.113.9');
    // A client's own forged entry before the proxy's is skipped: the rightmost untrusted address counts.
    expect(await forwardedFor(edge, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('a proxy not in edge.realIpFrom is not believed', async () => {
    const edge = await startEdge(['--set', 'edge.realIpFrom={10.0.0.0/8}']);
    expect(await forwardedFor(edge, '203.0.113.9')).toBe('127.0.0.1');
  });
});
