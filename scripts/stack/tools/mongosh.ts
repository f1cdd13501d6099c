// mongosh, the shell the mongo image's healthcheck runs, installed from npm into the cache (not a
// project dependency: ~150 MB that only tests/deploy/healthchecks.int.test.ts needs). With it the test
// runs the compose healthcheck itself against a server that looks like the image's init-time mongod.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versions } from '../../../infra/versions';
import { runOrThrow } from '../lib/exec';
import type { Logger } from '../lib/log';
import { cacheDir, statePaths } from '../lib/paths';

export const MONGOSH_VERSION = versions.local.mongosh;
const prefix = () => path.join(cacheDir(), `mongosh-${MONGOSH_VERSION}`);

/** Folder holding the `mongosh` executable. */
export function mongoshBinDir(): string {
  return path.join(prefix(), 'node_modules', '.bin');
}

/** Installs mongosh once (about a minute and a half); returns the folder of its executable. */
export async function ensureMongosh(say: Logger): Promise<string> {
  const binDir = mongoshBinDir();
  if (fs.existsSync(path.join(binDir, 'mongosh'))) return binDir;
  const logFile = statePaths.installLog('mongosh');
  say(`installing mongosh ${MONGOSH_VERSION} from npm into ${prefix()} (once; output: ${logFile})`);
  const partial = `${prefix()}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    await runOrThrow('mongosh', 'npm', ['install', '--prefix', partial, '--no-audit', '--no-fund', '--no-save', `mongosh@${MONGOSH_VERSION}`], { logFile });
    fs.renameSync(partial, prefix()); // atomic: a half-installed shell is never used
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return binDir;
}
