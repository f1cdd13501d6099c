import { execFile } from 'node:child_process';
import { ChannelError } from '../../model/incident';
import { SCALABLE_NAME, type Scaler } from './scaler';

export interface ComposeScalerOptions {
  /** COMPOSE_EXECUTABLE: the docker CLI, run as `<executable> compose ...`. */
  executable: string;
  /** COMPOSE_PROJECT (`-p`). */
  project: string;
  /** COMPOSE_FILES (`-f` each); `up` needs the project's files. */
  files: string[];
  /** SCALE_MAX. */
  max: number;
  timeoutMs: number;
}

function run(executable: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' | ');
      // The daemon or the socket may come back; a CLI that does not exist will not.
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new ChannelError(`${executable} ${args.join(' ')} failed: ${missing ? `${executable} not found` : detail}`, !missing));
    });
  });
}

/**
 * Running containers of `service` from `docker compose ps --format json`: JSON lines (Compose 2.21 and
 * later) or one JSON array (earlier releases).
 */
export function countRunning(output: string, service: string): number {
  const text = output.trim();
  if (!text) return 0;
  const entries = (text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((line) => JSON.parse(line))) as Array<{ Service?: string; State?: string }>;
  return entries.filter((entry) => entry.Service === service && (entry.State === undefined || entry.State === 'running')).length;
}

/**
 * SCALER=compose (opt-in): one more container of the service in the compose project, up to `max`. It
 * needs a docker CLI with the compose plugin and the Docker socket in the container, which is power over
 * every container of the host: compose does not give it by default (docs: services/incident/README.md).
 * A service that publishes a fixed host port (the gateway) cannot have a second container.
 */
export function createComposeScaler(options: ComposeScalerOptions): Scaler {
  const compose = (...args: string[]) => run(options.executable, ['compose', '-p', options.project, ...options.files.flatMap((file) => ['-f', file]), ...args], options.timeoutMs);
  return {
    name: 'compose',
    async scaleUp(service) {
      if (!SCALABLE_NAME.test(service)) throw new ChannelError(`"${service}" is not a compose service name`, false);
      const from = countRunning(await compose('ps', '--format', 'json', '--status', 'running', service), service);
      if (from >= options.max) return { scaler: 'compose', service, result: 'at_max', from, to: from };
      const to = Math.min(from + 1, options.max);
      await compose('up', '-d', '--no-deps', '--no-recreate', '--scale', `${service}=${to}`, service);
      return { scaler: 'compose', service, result: 'scaled', from, to };
    },
  };
}
