// `depends_on: condition: service_healthy` only helps if "healthy" means "the real server accepts TCP
// connections". The PostgreSQL and MongoDB images first run a temporary server while they initialise
// a new volume (PostgreSQL: Unix socket only; MongoDB: 127.0.0.1 only), and a check that reaches that
// one lets the services start, fail their migrations and restart. Compose cannot run here, so each
// store's healthcheck command, as `docker compose config` resolves it, runs for real against a local
// server started the way the image's init phase starts it (must fail), then the way the image finally
// runs it (must pass). Only the port is adapted; `hostname` answers 127.0.0.2, standing in for the
// container's own address (the init mongod is bound to 127.0.0.1, the real one to every address).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferretdbBinary } from '../../scripts/stack/components/ferretdb';
import { port as stackPort } from '../../scripts/stack/lib/ports';
import { mongoshBinDir } from '../../scripts/stack/tools/mongosh';
import { resolvedProject } from './compose-cli';

const project = resolvedProject(['docker-compose.yml']);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-healthchecks-'));
const children: ChildProcess[] = [];

/** Stores that some service waits for with `service_healthy`. */
const gatedStores = [...new Set(Object.values(project.services).flatMap((s) => Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_healthy').map(([name]) => name)))]
  .filter((name) => ['postgres', 'mongo', 'redis', 'elasticsearch'].includes(name))
  .sort();

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** The compose healthcheck as a local command line: the store's default port swapped for `port`. */
function healthcheck(service: string, defaultPort: number, port: number): string[] {
  const test = project.services[service]!.healthcheck!.test!;
  const swap = (text: string) => text.replace(new RegExp(`(?<![0-9])${defaultPort}(?![0-9])`, 'g'), String(port));
  if (test[0] === 'CMD') return test.slice(1).map(swap);
  if (test[0] === 'CMD-SHELL') return ['sh', '-c', swap(test[1]!.replace(/\$\$/g, '$'))];
  throw new Error(`${service}: unexpected healthcheck form ${test[0]}`);
}

// `hostname` as the container would answer it: an address of its own that is not 127.0.0.1.
const shims = path.join(work, 'bin');
fs.mkdirSync(shims);
fs.writeFileSync(path.join(shims, 'hostname'), '#!/bin/sh\necho 127.0.0.2\n', { mode: 0o755 });
const PATH = [shims, PG_BIN, mongoshBinDir(), process.env.PATH].join(path.delimiter);

function passes(argv: string[]): boolean {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, PATH }, timeout: 20_000 });
  if (result.error) throw new Error(`${argv[0]} could not run: ${result.error.message}`);
  return result.status === 0;
}

const asPostgres = (cmd: string, args: string[]) => spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' });

async function waitFor(what: string, ready: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function start(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(() => {
  fs.chmodSync(work, 0o755);
});

afterAll(async () => {
  await Promise.all(children.map(stop));
  fs.rmSync(work, { recursive: true, force: true });
});

describe('healthchecks that gate start-up pass only on the real server, over TCP', () => {
  it('covers every store a service waits for', () => {
    expect(gatedStores).toEqual(['elasticsearch', 'mongo', 'postgres', 'redis']);
  });

  it('postgres: fails while the init-time server listens on the Unix socket only, passes once it listens on TCP', async () => {
    const data = path.join(work, 'pg');
    const sockets = path.join(work, 'pg-sockets');
    fs.mkdirSync(sockets);
    spawnSync('chown', ['postgres:', work, sockets]);
    const init = asPostgres(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    expect(init.status, init.stderr).toBe(0);
    const port = await freePort();
    const pgCtl = (args: string[]) => asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', path.join(data, 'log'), '-w', ...args]);
    const check = healthcheck('postgres', 5432, port);

    // As docker-entrypoint.sh's docker_temp_server_start: listen_addresses='' while the init scripts run.
    expect(pgCtl(['-o', `-c listen_addresses='' -p ${port} -k ${sockets} -c fsync=off`, 'start']).status).toBe(0);
    expect(passes(['pg_isready', '-h', sockets, '-p', String(port)]), 'the init-time server is up on its socket').toBe(true);
    expect(passes(check)).toBe(false);
    expect(pgCtl(['-m', 'fast', 'stop']).status).toBe(0);

    // The real server: the image's default listen_addresses='*'.
    expect(pgCtl(['-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off`, 'start']).status).toBe(0);
    try {
      expect(passes(check)).toBe(true);
    } finally {
      pgCtl(['-m', 'fast', 'stop']);
    }
  });

  it('mongo: fails while the init-time mongod is bound to 127.0.0.1, passes once it listens on the container address', async () => {
    const port = await freePort();
    const check = healthcheck('mongo', 27017, port);
    const ferret = (address: string, dir: string) => {
      fs.mkdirSync(dir, { recursive: true });
      return start(ferretdbBinary(), [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=${address}:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ]);
    };
    const ping = (host: string) => passes(['mongosh', '--quiet', '--host', host, '--port', String(port), '--eval', "quit(db.adminCommand('ping').ok ? 0 : 1)"]);

    // The image's init phase: `mongod --bind_ip 127.0.0.1 --port 27017` (docker-entrypoint.sh).
    const initServer = ferret('127.0.0.1', path.join(work, 'mongo-init'));
    await waitFor('init-time mongod', () => ping('127.0.0.1'), 30_000);
    expect(passes(check)).toBe(false);
    await stop(initServer);

    // The real server: `--bind_ip_all`, reachable on the container's own address.
    const realServer = ferret('127.0.0.2', path.join(work, 'mongo-real'));
    await waitFor('mongod', () => ping('127.0.0.2'), 30_000);
    expect(passes(check)).toBe(true);
    await stop(realServer);
  });

  it('redis: fails while the server accepts Unix-socket connections only, passes once it listens on TCP', async () => {
    const port = await freePort();
    const socket = path.join(work, 'redis.sock');
    const check = healthcheck('redis', 6379, port);
    const common = ['--save', '', '--appendonly', 'no', '--dir', work];

    const socketOnly = start('redis-server', ['--port', '0', '--unixsocket', socket, ...common]);
    await waitFor('redis on its socket', () => spawnSync('redis-cli', ['-s', socket, 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG');
    expect(passes(check)).toBe(false);
    await stop(socketOnly);

    const tcp = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...common]);
    await waitFor('redis on TCP', () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG');
    expect(passes(check)).toBe(true);
    await stop(tcp);
  });

  it('elasticsearch: fails with nothing listening, passes against a real Elasticsearch (the local stack)', async () => {
    expect(passes(healthcheck('elasticsearch', 9200, await freePort()))).toBe(false);
    expect(passes(healthcheck('elasticsearch', 9200, stackPort('elasticsearch')))).toBe(true);
  });
});
