// The npm scripts' guard: `npm start`, `npm test` and the stack CLI run on a supported Node (24 LTS,
// 22 allowed). Started on an older one (a shell where scripts/node/use-node.sh was not sourced), they
// run themselves again under the Node that scripts/node/ensure-node.sh provides, bringing it into the
// cache first if needed, with that Node first on PATH so every npm and node they start is the same.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { versions } from '../../infra/versions';

const ensureScript = path.join(__dirname, 'ensure-node.sh');

export const nodeMajor = (version = process.versions.node) => Number(version.split('.')[0]);

/**
 * Resolves at once when this Node is supported. Otherwise it re-runs this command under a supported
 * one and never resolves: this process waits for the new one and exits with its code. Await it first
 * thing in main().
 */
export function requireSupportedNode(): Promise<void> {
  if (nodeMajor() >= versions.node.minimumMajor) return Promise.resolve();
  process.stderr.write(`[node] ${process.version} is older than Node ${versions.node.minimumMajor}: switching to Node ${versions.node.major}\n`);
  const found = spawnSync('bash', [ensureScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) {
    process.stderr.write(`[node] could not provide Node ${versions.node.major}: install it (https://nodejs.org, or nvm install ${versions.node.major}) and run again\n`);
    process.exit(1);
  }
  // execArgv carries tsx's loader flags: the same script runs the same way under the new Node.
  const child = spawn(path.join(bin, 'node'), [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  // Ctrl-C reaches the child through the terminal's process group; this process only waits for it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  // Nothing after this may run in the old process: it only waits for the child (which keeps it alive).
  return new Promise<void>(() => undefined);
}
