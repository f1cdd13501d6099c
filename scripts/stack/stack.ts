// The orchestration behind `cli.ts up|down|status` and the index.ts API.
import * as fs from 'node:fs';
import { allComponents, type Component, componentName, dependencyClosure } from './components';
import { StackError } from './lib/errors';
import { waitUntil } from './lib/health';
import { acquireLock } from './lib/lock';
import { componentLogger, consoleLogger, type Logger, seconds, tailFile } from './lib/log';
import { assertPortsFree, describePortHolder, isPortFree } from './lib/ports';
import { commandLine, isAlive, pidFiles, stopGroup } from './lib/process';
import { serviceNames } from './app-services';
import { flagsFile, resetFlagState } from './lib/flags';
import { ensureSecrets } from './lib/secrets';
import { shortPath, stateDir, statePaths } from './lib/paths';
import { runInDependencyOrder } from './lib/start-order';

export interface Running {
  component: Component;
  pid: number;
  /** False when it was already running (started by an earlier `up`) and we reused it. */
  startedByUs: boolean;
}

export interface UpOptions {
  /** Names (or aliases) to start, with their dependencies; default: everything. */
  only?: string[];
  log?: Logger;
  /** Aborting stops what this call started and makes it throw (Ctrl-C during start-up). */
  signal?: AbortSignal;
}

export interface UpResult {
  running: Running[];
  /** App services with no dist/main.js yet. */
  skipped: Component[];
}

/** The PID file is trusted only if that process is alive and still looks like the server. */
function recordedPid(component: Component): number | undefined {
  const pid = pidFiles.read(component.name);
  if (pid !== undefined && isAlive(pid) && commandLine(pid).includes(component.processMatch)) return pid;
  if (pid !== undefined) pidFiles.remove(component.name); // stale: the process is gone
  const adopted = component.adopt?.();
  if (adopted !== undefined) pidFiles.write(component.name, adopted);
  return adopted;
}

async function stopComponent(component: Component, pid: number, log: Logger): Promise<void> {
  const say = componentLogger(log, component.name);
  const started = Date.now();
  if (component.stop) {
    await component.stop(pid, say);
    say(`stopped (pid ${pid}) in ${seconds(Date.now() - started)}`);
  } else {
    const how = await stopGroup(pid);
    say(
      how === 'killed'
        ? `did not stop within 10s; killed (pid ${pid})`
        : `stopped (pid ${pid}) in ${seconds(Date.now() - started)}`,
    );
  }
  pidFiles.remove(component.name);
}

/** Reuses a healthy instance of ours, or installs (if needed), starts and waits for it. */
async function ensureRunning(
  component: Component,
  log: Logger,
  onStarted: (r: Running) => void,
  signal?: AbortSignal,
): Promise<Running> {
  const say = componentLogger(log, component.name);
  const existing = recordedPid(component);
  if (existing !== undefined) {
    // Alive but not answering yet may just be a slow start: give it a few seconds.
    const state = await waitUntil(() => component.isHealthy(), {
      timeoutMs: 5_000,
      stillRunning: () => isAlive(existing),
    });
    if (state === 'ready') {
      await component.afterReady?.(say);
      say(`already running (pid ${existing})`);
      return { component, pid: existing, startedByUs: false };
    }
    say(`pid ${existing} is running but not healthy: restarting it`);
    await stopComponent(component, existing, log);
  }

  await assertPortsFree(component.name, component.ports);
  await component.install?.(say);
  if (signal?.aborted) throw new StackError('interrupted', { component: component.name });

  say('starting…');
  const startedAt = Date.now();
  let pid: number;
  try {
    pid = await component.start(say);
  } catch (err) {
    if (err instanceof StackError) throw err;
    throw new StackError(`could not start: ${(err as Error).message}`, {
      component: component.name,
      logFile: component.logFile,
    });
  }
  pidFiles.write(component.name, pid);
  const running: Running = { component, pid, startedByUs: true };
  onStarted(running);

  const state = await waitUntil(() => component.isHealthy(), {
    timeoutMs: component.readyTimeoutMs,
    stillRunning: () => isAlive(pid) && !signal?.aborted,
  });
  if (signal?.aborted) throw new StackError('interrupted', { component: component.name });
  if (state === 'exited') {
    pidFiles.remove(component.name);
    throw new StackError(`exited during start-up (pid ${pid})`, {
      component: component.name,
      logFile: component.logFile,
    });
  }
  if (state === 'timeout') {
    throw new StackError(`not healthy after ${seconds(component.readyTimeoutMs)} (pid ${pid})`, {
      component: component.name,
      logFile: component.logFile,
    });
  }
  await component.afterReady?.(say);
  say(`ready in ${seconds(Date.now() - startedAt)} (pid ${pid})`);
  return running;
}

/** Prints a failure the way the CLI promises: which component, what happened, its log's tail. */
export function reportFailure(err: unknown, log: Logger): void {
  if (!(err instanceof StackError)) {
    log(`✖ unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    return;
  }
  const who = err.details.component ? `${err.details.component}: ` : '';
  log(`✖ ${who}${err.message}`);
  if (err.details.logFile) {
    log(`last lines of ${shortPath(err.details.logFile)}:\n${tailFile(err.details.logFile, 20)}`);
  }
}

/**
 * Starts what is not running yet, each component once everything it starts after is healthy
 * (independent ones in parallel). On failure, starts nothing more, lets what is starting finish,
 * stops what this call started and throws a StackError (after reporting each failure through `log`).
 */
export async function up(options: UpOptions = {}): Promise<UpResult> {
  const log = options.log ?? consoleLogger;
  for (const dir of [statePaths.logDir, statePaths.pidDir, statePaths.run]) fs.mkdirSync(dir, { recursive: true });
  const release = await acquireLock(log);
  const started: Running[] = [];
  const running: Running[] = [];
  try {
    ensureSecrets(log);
    // A fresh start has no fault on. While an app runs, the state is the gateway's to change: an `up` that
    // only starts what is missing keeps it (and still writes it if it is gone, as every app needs the file).
    const apps = new Set<string>([...serviceNames, 'gateway']);
    const appRunning = allComponents().some((c) => apps.has(c.name) && recordedPid(c) !== undefined);
    if (!appRunning || !fs.existsSync(flagsFile)) resetFlagState(log);
    const selected = dependencyClosure(allComponents(), options.only);
    const skipped = selected.filter((c) => c.available && !c.available());
    for (const c of skipped) {
      log(`${c.name}: skipped — no dist/main.js yet (run \`npm run build\`)`);
    }
    // What starts after a skipped component starts without it (its `after` names outside the set are ignored).
    const startable = selected.filter((c) => !skipped.includes(c));
    const outcome = await runInDependencyOrder(
      startable,
      'start',
      async (c) => {
        if (options.signal?.aborted) throw new StackError('interrupted', { component: c.name });
        running.push(await ensureRunning(c, log, (r) => started.push(r), options.signal));
      },
      { haltOnFailure: true },
    );
    for (const { error } of outcome.failed) {
      if (!(error instanceof StackError && error.message === 'interrupted')) reportFailure(error, log);
    }
    if (options.signal?.aborted) throw new StackError('interrupted');
    if (outcome.failed.length > 0) {
      const notRun = outcome.notRun.length > 0 ? ` (not started: ${outcome.notRun.map((c) => c.name).join(', ')})` : '';
      throw new StackError(`could not start ${outcome.failed.map((f) => f.node.name).join(', ')}${notRun}`);
    }
    return { running, skipped };
  } catch (err) {
    const alive = started.filter((r) => isAlive(r.pid));
    if (alive.length > 0) {
      log(`stopping what this run started: ${alive.map((r) => r.component.name).join(', ')}`);
      await stopInReverse(alive, log);
    }
    throw err;
  } finally {
    release();
  }
}

/**
 * The reverse of the start order: each component stops once everything that starts after it has
 * stopped (independent ones in parallel). A failed stop does not keep the others running; the first
 * failure is thrown at the end.
 */
async function stopInReverse(targets: Running[], log: Logger): Promise<void> {
  const nodes = targets.map((target) => ({ name: target.component.name, after: target.component.after, target }));
  const outcome = await runInDependencyOrder(nodes, 'stop', ({ target }) =>
    stopComponent(target.component, target.pid, log),
  );
  const first = outcome.failed[0];
  if (first) throw first.error;
}

/** Stops every component that has a live PID file (or `only` those). */
export async function down(options: { only?: string[]; log?: Logger } = {}): Promise<void> {
  const log = options.log ?? consoleLogger;
  if (!fs.existsSync(stateDir)) {
    log('nothing to stop (no .stack directory)');
    return;
  }
  const release = await acquireLock(log);
  try {
    const components = allComponents();
    // Only the named ones (not what they start after); a name is a component, an alias or a PID file left behind.
    const recorded = new Set(pidFiles.list());
    const wanted = options.only
      ? new Set(options.only.map((raw) => (recorded.has(raw) ? raw : componentName(components, raw))))
      : undefined;
    const targets: Running[] = [];
    for (const component of components) {
      if (wanted && !wanted.has(component.name)) continue;
      const pid = recordedPid(component);
      if (pid !== undefined) targets.push({ component, pid, startedByUs: true });
    }
    // PID files of components this version no longer knows (a renamed service, say).
    const known = new Set(components.map((c) => c.name));
    for (const name of recorded) {
      if (known.has(name) || (wanted && !wanted.has(name))) continue;
      const pid = pidFiles.read(name);
      if (pid !== undefined && isAlive(pid)) {
        log(`${name}: stopping unknown recorded process (pid ${pid})`);
        await stopGroup(pid);
      }
      pidFiles.remove(name);
    }
    if (targets.length === 0) {
      log('nothing is running');
      return;
    }
    await stopInReverse(targets, log);
  } finally {
    release();
  }
}

export interface StatusRow {
  name: string;
  state: 'healthy' | 'running' | 'stopped' | 'not built' | 'port busy';
  detail: string;
  pid?: number;
  url: string;
  logFile: string;
}

/** One row per component: is it ours and alive, does it answer its health check? */
export async function status(options: { only?: string[] } = {}): Promise<StatusRow[]> {
  const components = dependencyClosure(allComponents(), options.only);
  return Promise.all(
    components.map(async (c): Promise<StatusRow> => {
      const base = { name: c.name, url: c.url, logFile: c.logFile };
      const pid = recordedPid(c);
      if (pid !== undefined) {
        const healthy = await c.isHealthy();
        const detail = healthy ? '' : 'not answering its health check';
        return { ...base, pid, state: healthy ? 'healthy' : 'running', detail };
      }
      if (c.available && !c.available()) return { ...base, state: 'not built', detail: 'no dist/main.js' };
      for (const spec of c.ports) {
        if (!(await isPortFree(spec))) {
          const holder = await describePortHolder(spec);
          const detail = `port ${spec.port} held by ${holder ?? 'another process'} (${spec.env})`;
          return { ...base, state: 'port busy', detail };
        }
      }
      return { ...base, state: 'stopped', detail: '' };
    }),
  );
}

/** True when every selected, built component answers its health check (whoever started it). */
export async function isHealthy(options: { only?: string[] } = {}): Promise<boolean> {
  const components = dependencyClosure(allComponents(), options.only).filter((c) => !c.available || c.available());
  const results = await Promise.all(components.map((c) => c.isHealthy()));
  return results.every(Boolean);
}

/**
 * Foreground mode: watch the processes until SIGINT/SIGTERM, then stop what this run started
 * (reverse order). A process that dies is reported with its log tail; the rest keep running.
 */
export async function superviseUntilSignal(result: UpResult, log: Logger): Promise<void> {
  const watched = new Map(result.running.map((r) => [r.component.name, r]));
  const timer = setInterval(() => {
    for (const [name, r] of watched) {
      if (isAlive(r.pid)) continue;
      watched.delete(name);
      pidFiles.remove(name);
      const tail = tailFile(r.component.logFile, 20);
      log(`✖ ${name} (pid ${r.pid}) exited. Last lines of ${shortPath(r.component.logFile)}:\n${tail}`);
      log(`the other components keep running; Ctrl-C stops them`);
    }
  }, 1_000);

  const first = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  clearInterval(timer);
  const firstAt = Date.now();
  const mine = result.running.filter((r) => r.startedByUs && (watched.has(r.component.name) || isAlive(r.pid)));
  // A second Ctrl-C (not the echo of the first) kills everything at once.
  const force = () => {
    if (Date.now() - firstAt < 500) return;
    log('second signal: killing everything now');
    for (const r of mine) {
      try {
        process.kill(-r.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('SIGINT', force);
  process.on('SIGTERM', force);
  if (mine.length > 0) log(`${first}: stopping what this run started (${mine.length} processes)…`);
  else log(`${first}: this run started nothing, so there is nothing to stop`);
  const release = await acquireLock(log);
  try {
    await stopInReverse(mine, log);
  } finally {
    release();
  }
  const reused = result.running.filter((r) => !r.startedByUs).map((r) => r.component.name);
  if (reused.length > 0) {
    log(`left running (started by an earlier \`npm run stack:up\`): ${reused.join(', ')} — \`npm run stop\` stops them`);
  }
}

