// Running short-lived commands (installers, initdb, pg_ctl, psql) and finding binaries.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StackError } from './errors';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this system user (via runuser) when we are root; ignored otherwise. */
  user?: string;
  /** Append the command line and its output here as well. */
  logFile?: string;
}

export interface RunResult {
  code: number;
  output: string;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The command that runs `cmd args` as `user`. Only root can (and needs to) switch user:
 * initdb/postgres and Elasticsearch refuse to run as root. runuser, unlike su, takes
 * argv as-is, so nothing needs shell quoting.
 */
export function asUser(user: string | undefined, cmd: string, args: string[]): [string, string[]] {
  if (!user || !isRoot()) return [cmd, args];
  return ['runuser', ['-u', user, '--', cmd, ...args]];
}

/** Runs a command to completion; stdout and stderr are merged (and kept to the last 256 KiB). */
export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, argv] = asUser(options.user, cmd, args);
  let log: fs.WriteStream | undefined;
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    log = fs.createWriteStream(options.logFile, { flags: 'a' });
    log.write(`\n$ ${[file, ...argv].join(' ')}\n`);
  }
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-256 * 1024);
      log?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const finish = (code: number) => {
      if (log) log.end(() => resolve({ code, output }));
      else resolve({ code, output });
    };
    child.on('error', (err) => {
      output += `${err.message}\n`;
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/** Like run(), but a non-zero exit becomes a StackError that shows the end of the output. */
export async function runOrThrow(
  component: string,
  cmd: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    const tail = result.output.trimEnd().split('\n').slice(-20).join('\n    | ');
    const where = options.logFile ? `\n  full output: ${options.logFile}` : '';
    throw new StackError(
      `\`${cmd} ${args.join(' ')}\` failed (exit ${result.code}):\n    | ${tail}${where}`,
      { component },
    );
  }
  return result;
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
