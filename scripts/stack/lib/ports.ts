// Ports of the backing servers, each overridable by one environment variable, and the
// checks that tell "free", "ours" and "someone else's" apart before we start anything.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { run, which } from './exec';
import { StackError } from './errors';

export const HOST = '127.0.0.1';

/** Default port and the variable that overrides it, per backing-server port. */
export const portSettings = {
  postgres: { env: 'SHOPFAST_PG_PORT', default: 5432 },
  redis: { env: 'SHOPFAST_REDIS_PORT', default: 6379 },
  mongo: { env: 'SHOPFAST_MONGO_PORT', default: 27017 },
  elasticsearch: { env: 'SHOPFAST_ES_PORT', default: 9200 },
  testAgent: { env: 'SHOPFAST_TEST_AGENT_PORT', default: 8126 },
  otlpGrpc: { env: 'SHOPFAST_OTLP_GRPC_PORT', default: 4317 },
  otlpHttp: { env: 'SHOPFAST_OTLP_HTTP_PORT', default: 4318 },
  dogstatsd: { env: 'SHOPFAST_DOGSTATSD_PORT', default: 8125 },
  dogstatsdApi: { env: 'SHOPFAST_DOGSTATSD_API_PORT', default: 8129 },
  smtp: { env: 'SHOPFAST_SMTP_PORT', default: 2525 },
  smtpApi: { env: 'SHOPFAST_SMTP_API_PORT', default: 8025 },
} as const;

export type PortName = keyof typeof portSettings;

/** The effective port, read from the environment each time (tests may change it). */
export function port(name: PortName, env: NodeJS.ProcessEnv = process.env): number {
  const setting = portSettings[name];
  const raw = env[setting.env];
  if (raw === undefined || raw === '') return setting.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StackError(`${setting.env}=${raw} is not a valid port number`);
  }
  return value;
}

export interface PortSpec {
  port: number;
  proto: 'tcp' | 'udp';
  /** The variable that moves this port, named in the "port in use" error. */
  env: string;
}

/** True when we can bind 127.0.0.1:port ourselves, i.e. nobody listens there. */
export function isPortFree(spec: PortSpec): Promise<boolean> {
  return new Promise((resolve) => {
    if (spec.proto === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(spec.port, HOST, () => socket.close(() => resolve(true)));
      return;
    }
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port: spec.port, host: HOST, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** "pid 6994 (java)" for whatever holds the port, when `ss` can tell; best effort. */
export async function describePortHolder(spec: PortSpec): Promise<string | undefined> {
  if (!which('ss')) return undefined;
  const flag = spec.proto === 'udp' ? '-lunpH' : '-ltnpH';
  const result = await run('ss', [flag, `sport = :${spec.port}`]);
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(result.output);
  return match ? `pid ${match[2]} (${match[1]})` : undefined;
}

/** Throws a StackError naming the port and its variable when something else holds it. */
export async function assertPortsFree(component: string, specs: PortSpec[]): Promise<void> {
  for (const spec of specs) {
    if (await isPortFree(spec)) continue;
    const holder = await describePortHolder(spec);
    throw new StackError(
      `port ${spec.port}/${spec.proto} is already in use by another process` +
        `${holder ? ` — ${holder}` : ''}, not one this stack started. ` +
        `Stop that process, or set ${spec.env} to a free port.`,
      { component },
    );
  }
}
