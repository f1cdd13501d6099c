// Renders the edge's nginx configuration for the local stack (and for tests that run their own
// edge): the shared server template (templates/shopfast.conf.template, also used by compose) plus
// a small main nginx.conf that keeps the pid, logs and every temp path in a writable directory.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const templatePath = path.join(__dirname, 'templates', 'shopfast.conf.template');

export interface EdgeSettings {
  port: number;
  /** Interface the storefront port binds: 127.0.0.1 locally (nothing on the network reaches it); every interface when unset (compose). */
  listenAddress?: string;
  webRoot: string;
  /** host:port of the gateway (127.0.0.1:5001 locally, gateway:5001 in compose). */
  gatewayUpstream: string;
  /** host:port that receives the browser SDK's /api/rum batches; default: the gateway. */
  rumIntakeUpstream?: string;
  resolver?: string;
  /**
   * nginx `listen` value of the stub_status server (the agent's nginx check): a port in compose (not
   * published), `unix:<path>` locally. Default: a Unix socket next to the rendered config.
   */
  statusListen?: string;
  rum: {
    applicationId: string;
    clientToken: string;
    site: string;
    env: string;
    version: string;
    sessionSampleRate: number;
    sessionReplaySampleRate: number;
    proxy: string;
  };
  apiOrigin: string;
  expressShippingBanner: boolean;
}

/** Values end up inside a JSON string inside an nginx string: no quotes, `$`, `\`, spaces or braces. */
const SAFE_TEXT = /^[A-Za-z0-9._:/@+-]*$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const STATUS_LISTEN = /^(\d{1,5}|127\.0\.0\.1:\d{1,5}|unix:\/[A-Za-z0-9._/-]+)$/;

/** The placeholder values, checked; throws one message listing every bad value. */
export function templateValues(settings: EdgeSettings): Record<string, string> {
  const problems: string[] = [];
  const text = (name: string, value: string) => {
    if (!SAFE_TEXT.test(value)) problems.push(`${name}="${value}" may only contain letters, digits and . _ : / @ + -`);
    return value;
  };
  const rate = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 100) problems.push(`${name}=${value} must be a number from 0 to 100`);
    return String(value);
  };
  const upstream = (name: string, value: string) => {
    if (!HOST_PORT.test(value)) problems.push(`${name}="${value}" must be host:port`);
    return value;
  };
  const listenAddress = (value: string) => {
    if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(value)) problems.push(`listen address "${value}" must be an IPv4 address`);
    return value;
  };
  const statusListen = (value: string) => {
    if (!STATUS_LISTEN.test(value)) problems.push(`status listen "${value}" must be a port, 127.0.0.1:port or unix:/absolute/path`);
    return value;
  };
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535) problems.push(`port ${settings.port} is not a port number`);
  const values: Record<string, string> = {
    SHOPFAST_EDGE_LISTEN: settings.listenAddress ? `${listenAddress(settings.listenAddress)}:${settings.port}` : String(settings.port),
    SHOPFAST_WEB_ROOT: settings.webRoot,
    SHOPFAST_GATEWAY_UPSTREAM: upstream('gateway upstream', settings.gatewayUpstream),
    SHOPFAST_RUM_INTAKE_UPSTREAM: upstream('RUM intake upstream', settings.rumIntakeUpstream ?? settings.gatewayUpstream),
    SHOPFAST_RESOLVER: text('resolver', settings.resolver ?? '127.0.0.1'),
    SHOPFAST_STATUS_LISTEN: statusListen(settings.statusListen ?? ''),
    SHOPFAST_RUM_APPLICATION_ID: text('SHOPFAST_RUM_APPLICATION_ID', settings.rum.applicationId),
    SHOPFAST_RUM_CLIENT_TOKEN: text('SHOPFAST_RUM_CLIENT_TOKEN', settings.rum.clientToken),
    SHOPFAST_RUM_SITE: text('SHOPFAST_RUM_SITE', settings.rum.site),
    SHOPFAST_RUM_ENV: text('SHOPFAST_RUM_ENV', settings.rum.env),
    SHOPFAST_RUM_VERSION: text('SHOPFAST_RUM_VERSION', settings.rum.version),
    SHOPFAST_RUM_SESSION_SAMPLE_RATE: rate('SHOPFAST_RUM_SESSION_SAMPLE_RATE', settings.rum.sessionSampleRate),
    SHOPFAST_RUM_SESSION_REPLAY_SAMPLE_RATE: rate('SHOPFAST_RUM_SESSION_REPLAY_SAMPLE_RATE', settings.rum.sessionReplaySampleRate),
    SHOPFAST_RUM_PROXY: text('SHOPFAST_RUM_PROXY', settings.rum.proxy),
    SHOPFAST_API_ORIGIN: text('SHOPFAST_API_ORIGIN', settings.apiOrigin),
    SHOPFAST_FEATURE_EXPRESS_SHIPPING_BANNER: settings.expressShippingBanner ? 'true' : 'false',
  };
  if (/[\s;{}'"$]/.test(settings.webRoot)) problems.push(`web root "${settings.webRoot}" must not contain spaces, quotes, ; { } or $`);
  if (problems.length > 0) throw new Error(`Invalid edge configuration:\n  - ${problems.join('\n  - ')}`);
  return values;
}

/** `${NAME}` → value, as envsubst does; a placeholder without a value is an error, not an empty string. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the nginx template uses \${${name}} but no value was given`);
    return value;
  });
}

/** The settings the local stack uses, from SHOPFAST_* variables (RUM off unless both ids are set). */
export function localEdgeSettings(env: NodeJS.ProcessEnv, defaults: { port: number; webRoot: string; gatewayPort: number; version: string }): EdgeSettings {
  const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));
  return {
    port: defaults.port,
    listenAddress: '127.0.0.1',
    webRoot: defaults.webRoot,
    gatewayUpstream: `127.0.0.1:${defaults.gatewayPort}`,
    rumIntakeUpstream: env.SHOPFAST_RUM_INTAKE_UPSTREAM || undefined,
    rum: {
      applicationId: env.SHOPFAST_RUM_APPLICATION_ID ?? '',
      clientToken: env.SHOPFAST_RUM_CLIENT_TOKEN ?? '',
      site: env.SHOPFAST_RUM_SITE || 'datadoghq.com',
      env: env.SHOPFAST_RUM_ENV || 'local',
      version: env.SHOPFAST_RUM_VERSION || defaults.version,
      sessionSampleRate: number(env.SHOPFAST_RUM_SESSION_SAMPLE_RATE, 100),
      sessionReplaySampleRate: number(env.SHOPFAST_RUM_SESSION_REPLAY_SAMPLE_RATE, 0),
      proxy: env.SHOPFAST_RUM_PROXY ?? '/api/rum',
    },
    apiOrigin: env.SHOPFAST_API_ORIGIN ?? '',
    expressShippingBanner: (env.SHOPFAST_FEATURE_EXPRESS_SHIPPING_BANNER ?? 'true') === 'true',
  };
}

export interface RenderedEdge {
  mainConfig: string;
  serverConfig: string;
  pidFile: string;
}

/**
 * Where the local edge's stub_status socket goes: next to its config, unless that path is longer than a
 * Unix socket path may be (107 bytes; a deep checkout), then in a short per-directory folder under the
 * system's temp directory.
 */
export function statusSocketPath(dir: string): string {
  const preferred = path.join(dir, 'status.sock');
  if (Buffer.byteLength(preferred) < 108) return preferred;
  const short = path.join(os.tmpdir(), `shopfast-edge-${createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 12)}`);
  fs.mkdirSync(short, { recursive: true, mode: 0o755 });
  return path.join(short, 'status.sock');
}

/**
 * Writes <dir>/nginx.conf and <dir>/shopfast.conf; run `nginx -p <dir> -c <dir>/nginx.conf -e stderr`.
 * The access log goes to a file: /dev/stdout cannot be opened when stdout is a pipe or socket.
 */
export function writeEdgeConfig(dir: string, settings: EdgeSettings, accessLog = path.join(dir, 'access.log')): RenderedEdge {
  const server = renderTemplate(
    fs.readFileSync(templatePath, 'utf8'),
    templateValues({ ...settings, statusListen: settings.statusListen ?? `unix:${statusSocketPath(dir)}` }),
  );
  const temp = path.join(dir, 'temp');
  // Run as root, nginx's workers run as `nobody`: they must be able to enter the directory and write
  // the temp dirs, or any request body or upstream answer too big for memory fails with a 500.
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(temp, { recursive: true, mode: 0o755 });
  for (const sub of ['client', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    fs.mkdirSync(path.join(temp, sub), { recursive: true });
    fs.chmodSync(path.join(temp, sub), 0o1777);
  }
  const serverConfig = path.join(dir, 'shopfast.conf');
  const mainConfig = path.join(dir, 'nginx.conf');
  const pidFile = path.join(dir, 'nginx.pid');
  fs.writeFileSync(serverConfig, server);
  fs.writeFileSync(
    mainConfig,
    [
      '# Generated by infra/nginx/render-edge-config.ts for the local stack; edit the template instead.',
      'worker_processes 1;',
      `pid ${pidFile};`,
      'error_log stderr warn;',
      'events { worker_connections 512; }',
      'http {',
      '    include /etc/nginx/mime.types;',
      '    default_type application/octet-stream;',
      `    access_log ${accessLog} combined;`,
      '    sendfile on;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (kind) => `    ${kind}_temp_path ${path.join(temp, kind === 'client_body' ? 'client' : kind)};`,
      ),
      `    include ${serverConfig};`,
      '}',
      '',
    ].join('\n'),
  );
  return { mainConfig, serverConfig, pidFile };
}
