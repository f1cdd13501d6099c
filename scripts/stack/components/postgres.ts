// PostgreSQL 15 from Debian's `postgresql` package, in a data directory under .stack/.
// initdb and postgres refuse to run as root, so as root they run as the `postgres` user
// the package creates, and that user owns the data, socket and log paths.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../lib/log';
import { isRoot, run, runOrThrow } from '../lib/exec';
import { StackError } from '../lib/errors';
import { aptInstall, chownTree, ensureTraversable } from '../lib/install';
import { HOST, port, portRegistry } from '../lib/ports';
import { isAlive, stopGroup } from '../lib/process';
import { repoRoot, statePaths } from '../lib/paths';
import type { Component } from './component';

const NAME = 'postgres';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';

export function postgres(): Component {
  const pgPort = port('postgres');
  const dataDir = statePaths.data(NAME);
  const socketDir = path.join(statePaths.run, NAME);
  const logFile = statePaths.log(NAME);
  const user = isRoot() ? PG_USER : undefined;

  return {
    name: NAME,
    after: [],
    ports: [{ port: pgPort, proto: 'tcp', env: portRegistry.postgres.env }],
    url: `postgres://postgres@${HOST}:${pgPort}/<db>`,
    logFile,
    processMatch: 'postgres',
    readyTimeoutMs: 60_000,

    async install(say) {
      if (!fs.existsSync(`${PG_BIN}/initdb`)) await aptInstall(NAME, ['postgresql'], say);
    },

    async start(say) {
      await prepareDirectories(dataDir, socketDir, logFile, user, say);
      if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        say(`initdb ${dataDir}`);
        await runOrThrow(
          NAME,
          `${PG_BIN}/initdb`,
          ['-D', dataDir, '-U', 'postgres', '--no-sync', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
          { user, logFile: statePaths.installLog(NAME) },
        );
      }
      // A Unix socket path longer than 107 bytes is refused; TCP is all we use anyway.
      const socketOption =
        Buffer.byteLength(path.join(socketDir, '.s.PGSQL.65535')) < 108 ? shellQuote(socketDir) : "''";
      const serverOptions = [
        `-p ${pgPort}`,
        `-k ${socketOption}`,
        `-c listen_addresses=${HOST}`,
        '-c fsync=off', // throw-away local data: durability is not worth the latency
        // Same as docker compose, for Datadog Database Monitoring:
        '-c shared_preload_libraries=pg_stat_statements',
        '-c track_activity_query_size=4096',
      ].join(' ');
      const started = await run(
        `${PG_BIN}/pg_ctl`,
        ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '60', 'start'],
        { user },
      );
      if (started.code !== 0) {
        throw new StackError(`pg_ctl start failed:\n    | ${started.output.trim()}`, {
          component: NAME,
          logFile,
        });
      }
      const pid = postmasterPid(dataDir);
      if (!pid) {
        throw new StackError('pg_ctl reported success but postmaster.pid is missing', { component: NAME, logFile });
      }
      return pid;
    },

    isHealthy: async () =>
      (await run(`${PG_BIN}/pg_isready`, ['-q', '-h', HOST, '-p', String(pgPort), '-t', '2'])).code === 0,

    async afterReady(say) {
      // Re-applied on every `up`: the SQL is idempotent, and a new file gets picked up.
      const initDir = path.join(repoRoot, 'infra', 'postgres', 'init');
      const files = fs.existsSync(initDir)
        ? fs.readdirSync(initDir).filter((f) => f.endsWith('.sql')).sort()
        : [];
      for (const file of files) {
        await runOrThrow(
          NAME,
          `${PG_BIN}/psql`,
          ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', HOST, '-p', String(pgPort), '-U', 'postgres',
            '-d', 'postgres', '-f', path.join(initDir, file)],
          { logFile: statePaths.installLog(NAME) },
        );
      }
      if (files.length > 0) say(`applied ${files.join(', ')}`);
    },

    adopt: () => postmasterPid(dataDir),

    async stop(pid, say) {
      const result = await run(`${PG_BIN}/pg_ctl`, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], {
        user,
      });
      if (result.code !== 0 && isAlive(pid)) {
        say(`pg_ctl stop failed (${result.output.trim()}); signalling pid ${pid}`);
        await stopGroup(pid);
      }
    },
  };
}

/** PID of a live postmaster running from `dataDir` (first line of postmaster.pid). */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '';
    const pid = Number.parseInt(first, 10);
    return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function prepareDirectories(
  dataDir: string,
  socketDir: string,
  logFile: string,
  user: string | undefined,
  say: Logger,
): Promise<void> {
  // An interrupted initdb leaves a directory without PG_VERSION; initdb wants it empty.
  if (fs.existsSync(dataDir) && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // (mode applies to every level created)
  fs.mkdirSync(socketDir, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(logFile, ''); // pg_ctl -l opens it as the postgres user: it must own it
  if (user) {
    await chownTree(NAME, user, dataDir);
    await chownTree(NAME, user, socketDir);
    await chownTree(NAME, user, logFile);
    await ensureTraversable(NAME, user, dataDir, say);
  }
  fs.chmodSync(dataDir, 0o700);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
