// Where the local stack keeps its state, logs and cached downloads.
// State (.stack/) belongs to one clone; the cache is shared by every clone on the machine,
// so a second checkout does not rebuild FerretDB or download Elasticsearch again.
import * as os from 'node:os';
import * as path from 'node:path';

/** scripts/stack/lib → repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const stateDir = path.join(repoRoot, '.stack');

export const statePaths = {
  data: (component: string) => path.join(stateDir, 'data', component),
  log: (component: string) => path.join(stateDir, 'logs', `${component}.log`),
  installLog: (component: string) => path.join(stateDir, 'logs', `${component}-install.log`),
  pid: (component: string) => path.join(stateDir, 'pids', `${component}.pid`),
  pidDir: path.join(stateDir, 'pids'),
  logDir: path.join(stateDir, 'logs'),
  run: path.join(stateDir, 'run'),
};

/** `$SHOPFAST_CACHE_DIR`, else `${XDG_CACHE_HOME:-$HOME/.cache}/shopfast`. */
export function cacheDir(): string {
  const explicit = process.env.SHOPFAST_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'shopfast');
}

/** Path relative to the repo root for messages (".stack/logs/redis.log" reads better than an absolute path). */
export function shortPath(p: string): string {
  const rel = path.relative(repoRoot, p);
  return rel.startsWith('..') ? p : rel;
}
