// `npm run faults -- list | set KEY [VALUE] | clear [KEY] | schedule --duration S [--seed N] ...`: switch the
// fault catalogue (infra/flags/shopfast.flagd.json, docs/faults.md) of a running stack through the gateway's
// admin API. Exit 0 on success, 1 when the gateway refused or could not be reached, 2 on bad arguments.
//
//   npm run faults -- list
//   npm run faults -- set paymentFailure 0.3
//   npm run faults -- clear
//   npm run faults -- schedule --seed 42 --duration 600
//   npm run faults -- schedule --seed 42 --duration 600 --dry-run
import { DEFINITIONS_FILE, faultDefinitions, readFlagdDocument, validateFaultValue, type FaultDefinition } from '@shopfast/feature-flags';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultState } from '@shopfast/contracts';
import { localUrl } from '@shopfast/stack-ports';
import { formatTable } from '../stack/lib/log';
import { repoRoot } from '../stack/lib/paths';
import { AdminApiError, createFaultsAdmin, type FaultsAdmin } from './admin-client';
import { ArgsError, parseArgs, usage, type FaultsCommand, type ScheduleOptions } from './args';
import { episodes, formatSwitch, planSchedule, type PlannedSwitch } from './schedule';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function fail(message: string, code: number): never {
  process.stderr.write(`[faults] ${message}\n`);
  process.exit(code);
}

/**
 * The gateway and the admin token as @shopfast/test-kit finds them (SHOPFAST_GATEWAY_URL or the stack's port;
 * SHOPFAST_ADMIN_TOKEN or the stack's generated secret), read here without importing it: the test-kit loads
 * the tracer, and a command-line tool has no business sending spans.
 */
const gatewayUrl = (): string => process.env.SHOPFAST_GATEWAY_URL ?? localUrl('gateway');

function adminToken(): string {
  if (process.env.SHOPFAST_ADMIN_TOKEN) return process.env.SHOPFAST_ADMIN_TOKEN.trim();
  const file = join(process.env.SHOPFAST_SECRETS_DIR ?? join(repoRoot, '.stack', 'secrets'), 'admin-token');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return fail(`no admin token: set SHOPFAST_ADMIN_TOKEN, or start the local stack (npm start), which writes ${file}`, 1);
  }
}

const rangeOf = (fault: Pick<FaultState, 'type' | 'min' | 'max' | 'unit'>) =>
  fault.type === 'boolean' ? 'true/false' : `${fault.min}..${fault.max}${fault.unit ? ` ${fault.unit}` : ''}`;

function printList(faults: FaultState[]): void {
  const short = (text: string) => (text.length > 72 ? `${text.slice(0, 71)}…` : text);
  out(
    formatTable(
      ['KEY', 'STATE', 'VALUE', 'RANGE', 'SERVICE', 'WHAT IT DOES'],
      faults.map((fault) => [fault.key, fault.active ? 'ON' : 'off', String(fault.value), rangeOf(fault), fault.service, short(fault.description)]),
    ),
  );
  const on = faults.filter((fault) => fault.active).length;
  out(`\n${on === 0 ? 'every fault is off' : `${on} fault${on === 1 ? '' : 's'} on`}; services see a change within 10 s (docs/faults.md)`);
}

async function setFault(admin: FaultsAdmin, key: string, text: string | undefined): Promise<void> {
  const faults = await admin.list();
  const fault = faults.find((candidate) => candidate.key === key);
  if (!fault) fail(`no fault ${key}; the catalogue has: ${faults.map((candidate) => candidate.key).join(', ')}`, 2);
  // Checked here too, so a typo gets the range before anything is sent (the gateway checks again).
  const checked = validateFaultValue(fault as FaultDefinition, text ?? fault.on);
  if (!checked.ok) fail(checked.message, 2);
  const answer = await admin.set(key, checked.value);
  out(`${key}: ${String(answer.value)}${answer.active ? '' : ' (its default: off)'} (was ${String(fault.value)}); services see it within 10 s`);
}

async function clear(admin: FaultsAdmin, key: string | undefined): Promise<void> {
  if (key === undefined) {
    await admin.clearAll();
    out('every fault is off');
    return;
  }
  const answer = await admin.clear(key);
  out(`${key}: off (${String(answer.value)})`);
}

function printEpisodes(plan: PlannedSwitch[]): void {
  const rows = episodes(plan).map((row) => [row.key, String(row.value), `+${row.from.toFixed(1)}s`, `+${row.to.toFixed(1)}s`]);
  out(rows.length === 0 ? '\nno fault was switched on' : `\nwhat was on when:\n${formatTable(['FAULT', 'VALUE', 'FROM', 'TO'], rows)}`);
}

/** Waits `ms`, or less when `signal` aborts; never rejects. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

async function schedule(options: ScheduleOptions): Promise<void> {
  const seed = options.seed ?? Math.floor(Math.random() * 2_147_483_647) + 1;
  const catalogue = faultDefinitions(readFlagdDocument(DEFINITIONS_FILE));
  const plan = planSchedule(catalogue, { ...options, seed });
  const replay = `--seed ${seed} --duration ${options.durationSeconds} --min-on ${options.minOnSeconds} --max-on ${options.maxOnSeconds} --max-concurrent ${options.maxConcurrent}${options.includeBrowser ? ' --include-browser' : ''}`;
  out(`schedule ${replay}: ${plan.filter((entry) => entry.action === 'on').length} faults over ${options.durationSeconds}s`);
  if (options.dryRun) {
    for (const entry of plan) out(formatSwitch(entry));
    printEpisodes(plan);
    return;
  }

  const admin = createFaultsAdmin({ gatewayUrl: gatewayUrl(), adminToken: adminToken() });
  // Every run starts from a clean shop, so a replay sees exactly what the first run saw.
  await admin.clearAll();
  const stop = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      out('stopping: switching every fault off (Ctrl-C again to leave them as they are)');
      stop.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  const done: PlannedSwitch[] = [];
  try {
    for (const entry of plan) {
      await sleep(started + entry.at * 1_000 - Date.now(), stop.signal);
      if (stop.signal.aborted) break;
      try {
        if (entry.action === 'on') await admin.set(entry.key, entry.value!);
        else await admin.clear(entry.key);
        out(formatSwitch(entry));
        done.push(entry);
      } catch (error) {
        // One refused switch (the gateway restarting) does not end the run; its fault is cleared at the end anyway.
        out(`${formatSwitch(entry)} FAILED: ${(error as Error).message}`);
      }
    }
    if (!stop.signal.aborted) await sleep(started + options.durationSeconds * 1_000 - Date.now(), stop.signal);
  } finally {
    await admin.clearAll().then(
      () => out(`+${((Date.now() - started) / 1_000).toFixed(1)}s every fault off`),
      (error: Error) => process.stderr.write(`[faults] could not switch every fault off: ${error.message}; run \`npm run faults -- clear\`\n`),
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // Faults still on when the run was stopped were switched off just now.
  const stoppedAt = Math.round((Date.now() - started) / 100) / 10;
  const stillOn = new Set<string>();
  for (const entry of done) {
    if (entry.action === 'on') stillOn.add(entry.key);
    else stillOn.delete(entry.key);
  }
  printEpisodes([...done, ...[...stillOn].map((key) => ({ at: stoppedAt, action: 'off' as const, key }))]);
  out(`replay: npm run faults -- schedule ${replay}`);
  if (stop.signal.aborted) process.exitCode = 130;
}

async function run(command: FaultsCommand): Promise<void> {
  if (command.command === 'help') return out(usage());
  if (command.command === 'schedule') return schedule(command);
  const admin = createFaultsAdmin({ gatewayUrl: gatewayUrl(), adminToken: adminToken() });
  if (command.command === 'list') return printList(await admin.list());
  if (command.command === 'set') return setFault(admin, command.key, command.value);
  return clear(admin, command.key);
}

async function main(): Promise<void> {
  let command: FaultsCommand;
  try {
    command = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ArgsError) fail(error.message, 2);
    throw error;
  }
  try {
    await run(command!);
  } catch (error) {
    if (error instanceof AdminApiError) fail(error.message, 1);
    throw error;
  }
}

void main();
