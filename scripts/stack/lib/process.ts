// Long-running processes: spawn detached, record PIDs, check liveness, stop.
//
// Every server is spawned as the leader of its own process group (detached: true → setsid).
// That gives us three things:
//  - Ctrl-C in the terminal reaches only the CLI, which then stops servers in order;
//  - in --detach mode the servers outlive the CLI;
//  - stopping the group also stops helpers a server forked (Elasticsearch runs
//    runuser → CLI launcher JVM → server JVM), so nothing is left behind.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statePaths } from './paths';

export interface SpawnSpec {
  cmd: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  logFile: string;
}

/** Starts a server in its own process group, output to its log file; returns its PID. */
export function spawnDetached(spec: SpawnSpec): Promise<number> {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const fd = fs.openSync(spec.logFile, 'a');
  fs.writeSync(fd, `\n--- ${new Date().toISOString()} starting: ${spec.cmd} ${spec.args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid as number);
    });
  });
}

/** /proc/<pid>/stat fields after the command name (which may contain spaces). */
function procStat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Alive = exists and is not a zombie (a zombie has exited; only its parent has not reaped it yet). */
export function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat[0] !== 'Z';
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Live members of process group `pgid` (scans /proc; Linux only, like the rest of the stack). */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    // stat[0] = state, stat[1] = ppid, stat[2] = pgrp
    if (stat && stat[0] !== 'Z' && Number(stat[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // group already gone; also try the leader alone in case it left its group
  }
  try {
    process.kill(pgid, signal);
  } catch {
    // gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM the process group, wait up to `graceMs` for all of it to exit, then SIGKILL.
 * Returns how it ended.
 */
export async function stopGroup(
  pgid: number,
  graceMs = 10_000,
): Promise<'not-running' | 'stopped' | 'killed'> {
  const alive = () => isAlive(pgid) || groupMembers(pgid).length > 0;
  if (!alive()) return 'not-running';
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!alive()) return 'stopped';
  }
  signalGroup(pgid, 'SIGKILL');
  for (const member of groupMembers(pgid)) signalGroup(member, 'SIGKILL');
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  return 'killed';
}

export const pidFiles = {
  read(component: string): number | undefined {
    try {
      const pid = Number.parseInt(fs.readFileSync(statePaths.pid(component), 'utf8'), 10);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  },
  write(component: string, pid: number): void {
    fs.mkdirSync(statePaths.pidDir, { recursive: true });
    fs.writeFileSync(statePaths.pid(component), `${pid}\n`);
  },
  remove(component: string): void {
    fs.rmSync(statePaths.pid(component), { force: true });
  },
  /** Components that have a PID file. */
  list(): string[] {
    try {
      return fs
        .readdirSync(statePaths.pidDir)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => f.slice(0, -'.pid'.length));
    } catch {
      return [];
    }
  },
};
