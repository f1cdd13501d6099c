// Redis 7 from Debian's `redis-server`, in the foreground (daemonize no) so the PID we
// record is the server's. Append-only file on, as in compose: a restart keeps carts, event streams and
// their consumer groups (tests stop Redis to prove the shop survives it).
import * as fs from 'node:fs';
import { tcpProbe } from '../lib/health';
import { ensureCommand } from '../lib/install';
import { HOST, port, portRegistry } from '../lib/ports';
import { spawnDetached } from '../lib/process';
import { statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'redis';

export function redis(): Component {
  const redisPort = port('redis');
  const dataDir = statePaths.data(NAME);
  const logFile = statePaths.log(NAME);
  let binary = 'redis-server';

  return {
    name: NAME,
    after: [],
    ports: [{ port: redisPort, proto: 'tcp', env: portRegistry.redis.env }],
    url: `redis://${HOST}:${redisPort}`,
    logFile,
    processMatch: 'redis-server',
    readyTimeoutMs: 20_000,

    async install(say) {
      binary = await ensureCommand(NAME, 'redis-server', 'redis-server', say);
    },

    start() {
      fs.mkdirSync(dataDir, { recursive: true });
      return spawnDetached({
        cmd: binary,
        args: ['--port', String(redisPort), '--bind', HOST, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec',
          '--daemonize', 'no', '--dir', dataDir],
        logFile,
      });
    },

    isHealthy: () => tcpProbe(redisPort, { send: 'PING\r\n', expect: '+PONG' }),
  };
}
