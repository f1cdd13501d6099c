// The stack's ports come from the one registry (@shopfast/stack-ports, each overridable by one
// SHOPFAST_*_PORT variable); here: reading them as StackErrors, and the checks that tell "free",
// "ours" and "someone else's" apart before we start anything.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { InvalidPortError, LOCAL_HOST, port as registryPort, type PortName } from '@shopfast/stack-ports';
import { run, which } from './exec';
import { StackError } from './errors';

export { portRegistry, type PortName } from '@shopfast/stack-ports';

export const HOST = LOCAL_HOST;

/** The effective port, read from the environment each time (tests may change it). */
export function port(name: PortName, env: NodeJS.ProcessEnv = process.env): number {
  try {
    return registryPort(name, env);
  } catch (err) {
    if (err instanceof InvalidPortError) throw new StackError(err.message);
    throw err;
  }
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
