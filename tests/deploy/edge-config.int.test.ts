// The edge container renders infra/nginx/templates/shopfast.conf.template with envsubst from the
// SHOPFAST_* environment docker-compose.yml gives it. Here: the same substitution with those values,
// host names pointed at 127.0.0.1, checked by the real nginx (`nginx -t`). Integration project:
// nginx is installed by the local stack (its edge component), which starts before these tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusSocketPath, writeEdgeConfig } from '../../infra/nginx/render-edge-config';
import { loadCompose, readRepoFile, repoRoot } from './compose-file';

const templateFile = 'infra/nginx/templates/shopfast.conf.template';
const template = readRepoFile(templateFile);
const edgeEnv = loadCompose().services.edge!.environment!;
const placeholders = [...new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]!))].sort();

/** envsubst as the nginx image runs it: only variables that are set and match NGINX_ENVSUBST_FILTER. */
function envsubst(text: string, env: Record<string, string>, filter: RegExp): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => (filter.test(name) && name in env ? env[name]! : whole));
}

describe('edge NGINX config as the compose container renders it', () => {
  it('the template has placeholders, and compose sets every one of them', () => {
    expect(placeholders.length).toBeGreaterThan(5);
    expect(placeholders.filter((name) => !(name in edgeEnv))).toEqual([]);
  });

  it('the Dockerfile substitutes exactly the SHOPFAST_ variables (NGINX $variables survive)', () => {
    const dockerfile = readRepoFile('infra/docker/edge.Dockerfile');
    expect(dockerfile).toContain('ENV NGINX_ENVSUBST_FILTER="^SHOPFAST_"');
    expect(dockerfile).toContain('COPY infra/nginx/templates/ /etc/nginx/templates/');
    const rendered = envsubst(template, edgeEnv, /^SHOPFAST_/);
    const directives = rendered.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
    expect(directives).not.toMatch(/\$\{/);
    // The client's own X-Forwarded-For is replaced, never appended to: the gateway trusts the edge's header.
    expect(directives).not.toContain('$proxy_add_x_forwarded_for');
    expect(directives.match(/proxy_set_header X-Forwarded-For \$remote_addr;/g)).toHaveLength(2);
  });

  it('serves the nginx_status page the agent check reads on its own port, which compose does not publish', () => {
    const edge = loadCompose().services.edge!;
    const check = JSON.parse(edge.labels!['com.datadoghq.ad.checks']!) as { nginx: { instances: Array<{ nginx_status_url: string }> } };
    expect(check.nginx.instances[0]!.nginx_status_url).toBe(`http://%%host%%:${edgeEnv.SHOPFAST_STATUS_LISTEN}/nginx_status`);
    expect(edgeEnv.SHOPFAST_STATUS_LISTEN).not.toBe(edgeEnv.SHOPFAST_EDGE_LISTEN);
    expect((edge.ports ?? []).map(String).join(' ')).not.toContain(`:${edgeEnv.SHOPFAST_STATUS_LISTEN}`);
    expect(template).toMatch(/listen \$\{SHOPFAST_STATUS_LISTEN\};[\s\S]*location = \/nginx_status \{\s*stub_status;/);
  });

  it('the local edge answers stub_status on its Unix socket and not on its public port', async () => {
    const socket = statusSocketPath(path.join(repoRoot, '.stack', 'data', 'edge'));
    const viaSocket = spawnSync('curl', ['-sS', '--unix-socket', socket, 'http://edge/nginx_status'], { encoding: 'utf8' });
    expect(viaSocket.stdout).toMatch(/^Active connections: \d+/);
    const publicPage = await fetch('http://127.0.0.1:8080/nginx_status');
    expect(await publicPage.text()).not.toMatch(/Active connections/);
  });

  it('renders a config nginx accepts from a checkout whose path is too long for a Unix socket', () => {
    const deep = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-deep-')), 'a'.repeat(60), 'b'.repeat(40), '.stack', 'data', 'edge');
    try {
      expect(Buffer.byteLength(path.join(deep, 'status.sock'))).toBeGreaterThan(107);
      const { mainConfig } = writeEdgeConfig(deep, {
        port: 18082,
        webRoot: deep,
        gatewayUpstream: '127.0.0.1:5001',
        rum: { applicationId: '', clientToken: '', site: 'datadoghq.com', env: 'test', version: '1', sessionSampleRate: 100, sessionReplaySampleRate: 0, proxy: '' },
        apiOrigin: '',
        expressShippingBanner: false,
      });
      expect(Buffer.byteLength(statusSocketPath(deep))).toBeLessThan(108);
      const result = spawnSync('nginx', ['-t', '-q', '-p', deep, '-c', mainConfig, '-e', 'stderr'], { encoding: 'utf8' });
      expect(`${result.stderr}exit ${result.status}`).toBe('exit 0');
    } finally {
      fs.rmSync(path.dirname(path.dirname(path.dirname(path.dirname(path.dirname(deep))))), { recursive: true, force: true });
    }
  });

  it('passes `nginx -t` rendered against 127.0.0.1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-edge-'));
    try {
      const local: Record<string, string> = {
        ...edgeEnv,
        SHOPFAST_WEB_ROOT: path.join(dir, 'html'),
        SHOPFAST_RESOLVER: '127.0.0.1',
        SHOPFAST_GATEWAY_UPSTREAM: edgeEnv.SHOPFAST_GATEWAY_UPSTREAM!.replace(/^[^:]+/, '127.0.0.1'),
        SHOPFAST_RUM_INTAKE_UPSTREAM: edgeEnv.SHOPFAST_RUM_INTAKE_UPSTREAM!.replace(/^[^:]+/, '127.0.0.1'),
        SHOPFAST_EDGE_LISTEN: '127.0.0.1:18080',
        SHOPFAST_STATUS_LISTEN: '18081',
      };
      fs.mkdirSync(local.SHOPFAST_WEB_ROOT!);
      fs.writeFileSync(path.join(dir, 'shopfast.conf'), envsubst(template, local, /^SHOPFAST_/));
      const temp = (kind: string) => `    ${kind}_temp_path ${path.join(dir, kind)};`;
      fs.writeFileSync(
        path.join(dir, 'nginx.conf'),
        [
          `pid ${path.join(dir, 'nginx.pid')};`,
          'error_log stderr warn;',
          'events { worker_connections 64; }',
          'http {',
          '    include /etc/nginx/mime.types;',
          `    access_log ${path.join(dir, 'access.log')};`,
          ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
          `    include ${path.join(dir, 'shopfast.conf')};`,
          '}',
          '',
        ].join('\n'),
      );
      const result = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(result.error, 'nginx is not installed (the local stack installs it: apt nginx)').toBeUndefined();
      expect(result.stderr).toMatch(/syntax is ok/);
      expect(result.stderr).toMatch(/test is successful/);
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
