// `npm run bench`: autocannon against the local stack through the gateway, every scenario of
// scenarios.ts with tracing on, then the same with tracing off, in one run (these machines are noisy:
// only figures from one run compare). Prints a table per phase and the on/off ratio, rewrites the
// generated section of docs/benchmarks.md, and keeps the raw results in .stack/bench/.
//
//   npm run bench                          # 16 connections, 10 s per scenario, both phases
//   npm run bench -- --duration 5 --only listing,search --no-write
//
// The gateway's rate limits are raised for the run only (SHOPFAST_GATEWAY_RATE_LIMIT_POINTS); the app
// services are restarted for each phase and once more at the end, with the shop's own defaults. A stack
// that was not running is started first and stopped again afterwards.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { requireSupportedNode } from '../node/require-supported-node';
import { isStackHealthy, stackDown, stackUp, urls } from '../stack';
import { serviceNames } from '../stack/app-services';
import { formatTable } from '../stack/lib/log';
import { repoRoot } from '../stack/lib/paths';
import { PHASE_HEADER, phaseRows, ratioRows, renderSection, replaceSection, type BenchRun, type PhaseResult, type ScenarioResult } from './report';
import { SCENARIOS, type BenchContext, type Scenario } from './scenarios';

const APPS = [...serviceNames, 'gateway'];
const WARM_UP_SECONDS = 2;
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

interface Options {
  connections: number;
  duration: number;
  only?: string[];
  write: boolean;
  phases: Array<'tracing on' | 'tracing off'>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { connections: 16, duration: 10, write: true, phases: ['tracing on', 'tracing off'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const positive = (raw: string) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} must be a positive integer, got ${raw}`);
      return n;
    };
    if (arg === '--connections') options.connections = positive(value());
    else if (arg === '--duration') options.duration = positive(value());
    else if (arg === '--only') options.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--tracing-on-only') options.phases = ['tracing on'];
    else if (arg === '--help') {
      process.stdout.write('usage: npm run bench -- [--connections 16] [--duration 10] [--only listing,search] [--no-write] [--tracing-on-only]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  if (options.only) {
    const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
    if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  // A partial run must not overwrite the document's full table.
  if (options.only || options.phases.length < 2) options.write = false;
  return options;
}

/** Restarts the nine app services with the environment of this phase. */
async function restartApps(tracing: boolean): Promise<void> {
  process.env.SHOPFAST_GATEWAY_RATE_LIMIT_POINTS = '100000000';
  if (tracing) delete process.env.DD_TRACE_ENABLED;
  else process.env.DD_TRACE_ENABLED = 'false';
  log(`restarting the app services with tracing ${tracing ? 'on' : 'off'} and the gateway's rate limits raised for the run`);
  await stackDown({ only: APPS, log: () => undefined });
  await stackUp({ detach: true, only: APPS, log: () => undefined });
}

async function restoreApps(): Promise<void> {
  delete process.env.SHOPFAST_GATEWAY_RATE_LIMIT_POINTS;
  delete process.env.DD_TRACE_ENABLED;
  log('restarting the app services with the shop\'s defaults');
  await stackDown({ only: APPS, log: () => undefined });
  await stackUp({ detach: true, only: APPS, log: () => undefined });
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A customer with four products in the cart, and the catalog's ids and categories. */
async function prepare(gateway: string): Promise<BenchContext> {
  const productIds: string[] = [];
  const categories = new Set<string>();
  for (let page = 1; page <= 5; page++) {
    const listing = await json<{ items: Array<{ id: string; category: string }> }>(await fetch(`${gateway}/api/products?limit=100&page=${page}`), 'listing');
    for (const item of listing.items) {
      productIds.push(item.id);
      categories.add(item.category);
    }
  }
  const email = `bench-${Date.now()}-${process.pid}@example.test`;
  const signup = await json<{ token: string }>(
    await fetch(`${gateway}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', name: 'Bench Customer' }),
    }),
    'signup',
  );
  for (const productId of productIds.slice(0, 4)) {
    await json(
      await fetch(`${gateway}/api/cart/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signup.token}` },
        body: JSON.stringify({ productId, quantity: 1 }),
      }),
      'add to cart',
    );
  }
  return { customerToken: signup.token, productIds, categories: [...categories].sort() };
}

async function measure(gateway: string, scenario: Scenario, context: BenchContext, connections: number, duration: number): Promise<ScenarioResult> {
  const headers = scenario.headers?.(context) ?? {};
  const requests = scenario.paths(context).map((requestPath) => ({ method: 'GET' as const, path: requestPath, headers }));
  const run = (seconds: number) => autocannon({ url: gateway, connections, duration: seconds, requests, timeout: 10 });
  await run(WARM_UP_SECONDS);
  const result = await run(duration);
  return {
    scenario: scenario.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
  };
}

function machine(): BenchRun['machine'] {
  const commit = (() => {
    try {
      const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
      return dirty ? `${sha}+changes` : sha;
    } catch {
      return 'unknown';
    }
  })();
  return {
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.versions.node,
    commit,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

async function main(): Promise<void> {
  await requireSupportedNode();
  const options = parseArgs(process.argv.slice(2));
  const scenarios = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
  const startedHere = !(await isStackHealthy());
  if (startedHere) {
    log('the local stack is not running: starting it (stopped again at the end)');
    await stackUp({ detach: true });
  }
  const phases: PhaseResult[] = [];
  // Ctrl-C mid-run must not leave the shop with raised rate limits or tracing off: put it back first.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: restoring the stack before exiting`);
    void (startedHere ? stackDown() : restoreApps()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const phase of options.phases) {
      await restartApps(phase === 'tracing on');
      const gateway = urls.gateway;
      const context = await prepare(gateway);
      const results: ScenarioResult[] = [];
      for (const scenario of scenarios) {
        log(`${phase}: ${scenario.name} (${scenario.description}), ${options.connections} connections, ${options.duration} s`);
        results.push(await measure(gateway, scenario, context, options.connections, options.duration));
      }
      phases.push({ phase, results });
      process.stdout.write(`\n${phase}\n${formatTable(PHASE_HEADER, phaseRows({ phase, results }))}\n\n`);
    }
  } finally {
    if (!interrupted) {
      if (startedHere) await stackDown();
      else await restoreApps();
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const run: BenchRun = { machine: machine(), connections: options.connections, durationSeconds: options.duration, phases };
  const [on, off] = phases;
  if (on && off) process.stdout.write(`tracing on ÷ off (same run)\n${formatTable(['scenario', 'req/s on', 'req/s off', 'ratio', 'p99 ratio'], ratioRows(on, off))}\n\n`);
  const rawDir = path.join(repoRoot, '.stack', 'bench');
  fs.mkdirSync(rawDir, { recursive: true });
  const rawFile = path.join(rawDir, `bench-${Date.now()}.json`);
  fs.writeFileSync(rawFile, JSON.stringify(run, null, 2));
  log(`raw results: ${path.relative(repoRoot, rawFile)}`);
  if (options.write) {
    const docFile = path.join(repoRoot, 'docs', 'benchmarks.md');
    const current = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '# Benchmarks\n';
    fs.writeFileSync(docFile, replaceSection(current, renderSection(run)));
    log('updated docs/benchmarks.md (the section between the bench markers)');
  } else {
    log('docs/benchmarks.md left as it is (partial run or --no-write)');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
