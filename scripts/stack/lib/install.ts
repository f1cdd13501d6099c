// "Install what is missing": every component checks first and installs only then.
// System packages come from apt and need root; as a normal user we print the exact
// command to run instead of trying sudo behind the user's back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRoot, run, runOrThrow, which } from './exec';
import { StackError } from './errors';
import type { Logger } from './log';
import { statePaths } from './paths';

// apt holds a lock: installs from components starting in parallel must queue.
let aptQueue: Promise<unknown> = Promise.resolve();
let aptUpdated = false;

/** Installs Debian packages (as root), one apt run at a time; `apt-get update` once per process. */
export function aptInstall(component: string, packages: string[], say: Logger): Promise<void> {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!isRoot()) {
    return Promise.reject(
      new StackError(
        `${packages.join(', ')} is not installed and installing it needs root. Run:\n` +
          `    sudo sh -c '${command}'\n  then try again.`,
        { component },
      ),
    );
  }
  const logFile = statePaths.installLog(component);
  const job = aptQueue.then(async () => {
    say(`installing ${packages.join(' ')} with apt-get (output: ${logFile})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      await runOrThrow(component, 'apt-get', ['update'], { env, logFile });
      aptUpdated = true;
    }
    await runOrThrow(
      component,
      'apt-get',
      ['install', '-y', '--no-install-recommends', ...packages],
      { env, logFile },
    );
  });
  aptQueue = job.catch(() => undefined);
  return job;
}

/** Makes sure `cmd` is on PATH, installing `aptPackage` when it is not. */
export async function ensureCommand(
  component: string,
  cmd: string,
  aptPackage: string,
  say: Logger,
): Promise<string> {
  const found = which(cmd);
  if (found) return found;
  await aptInstall(component, [aptPackage], say);
  const installed = which(cmd);
  if (!installed) {
    throw new StackError(`installed ${aptPackage} but \`${cmd}\` is still not on PATH`, { component });
  }
  return installed;
}

/** Creates a no-login system user to run servers that refuse to run as root. */
export async function ensureSystemUser(component: string, user: string, say: Logger): Promise<void> {
  const exists = (await run('id', ['-u', user])).code === 0;
  if (exists) return;
  say(`creating system user '${user}' (the server refuses to run as root)`);
  await runOrThrow(component, 'useradd', [
    '--system',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    user,
  ]);
}

/**
 * Lets `user` reach `target` (a path we run as that user). A directory on the way that
 * `user` cannot enter (typically /root, mode 700, above the cache in ~/.cache) gets the
 * traverse bit for others (o+x): entering is allowed, listing is not. We say so when we do it.
 */
export async function ensureTraversable(
  component: string,
  user: string,
  target: string,
  say: Logger,
): Promise<void> {
  if (!isRoot()) return; // we run everything as ourselves then
  const canEnter = async (dir: string) =>
    (await run('runuser', ['-u', user, '--', 'test', '-x', dir])).code === 0;
  const absolute = path.resolve(target);
  if (await canEnter(absolute)) return;
  const ancestors: string[] = [];
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    ancestors.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of ancestors) {
    if (await canEnter(dir)) continue;
    if (!fs.existsSync(dir)) break;
    say(`granting traverse permission (chmod o+x) on ${dir} so user '${user}' can reach ${target}`);
    const mode = fs.statSync(dir).mode;
    fs.chmodSync(dir, (mode & 0o7777) | 0o001);
  }
  if (!(await canEnter(absolute))) {
    throw new StackError(`user '${user}' still cannot enter ${absolute}; check its permissions`, {
      component,
    });
  }
}

/** chown -R to `user` (only as root; as a normal user everything is already ours). */
export async function chownTree(component: string, user: string, target: string): Promise<void> {
  if (!isRoot()) return;
  await runOrThrow(component, 'chown', ['-R', `${user}:`, target]);
}
