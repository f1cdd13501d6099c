// `npm run traffic -- [options]` (tsx), or `node scripts/traffic/cli.ts` on Node 24 with nothing
// installed (the compose traffic profile). Synthetic shoppers against the gateway, or real browsers on
// the storefront with --browser. Progress on stderr, the summary on stdout (and --json), exit 0 when
// the error rate is within --max-error-rate, 1 when not (or the run could not start), 2 on bad options.
//
//   npm run traffic -- --rate 20 --duration 60
//   npm run traffic -- --users 50 --duration 0 --mix checkout=3,browse=1
//   npm run traffic -- --browser --users 2 --duration 60
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ArgsError, parseArgs, targetsFromEnvironment, usage, type TrafficOptions } from './args.ts';
import { JOURNEYS } from './journeys/index.ts';
import { newSeed } from './random.ts';
import { runApiTraffic, SetupError, type RunContext } from './run-api.ts';
import { formatSummary, type Summary } from './summary.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`[traffic] ${message}\n`);
  process.exit(code);
}

/** First SIGINT/SIGTERM: stop gracefully; second: cut everything now. */
function onSignals(stop: () => void, abort: () => void): () => void {
  let received = 0;
  const handler = () => {
    received++;
    if (received === 1) stop();
    else abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function checkWritable(file: string | undefined, option: string): void {
  if (!file) return;
  try {
    accessSync(dirname(resolve(file)), constants.W_OK);
  } catch {
    fail(`bad arguments:\n  ${option}: cannot write ${file} (its folder ${dirname(resolve(file))} does not exist or is not writable)`, 2);
  }
}

async function run(options: TrafficOptions, context: RunContext): Promise<Summary> {
  if (options.mode === 'browser') {
    // Loaded only here: it needs playwright-core, which the dependency-free API mode must not.
    const { runBrowserTraffic } = await import('./browser/run-browser.ts');
    return runBrowserTraffic(options, context);
  }
  return runApiTraffic(options, context);
}

async function main(): Promise<void> {
  let options: TrafficOptions;
  try {
    options = parseArgs(process.argv.slice(2), targetsFromEnvironment(process.env), JOURNEYS);
  } catch (error) {
    if (error instanceof ArgsError) fail(error.message, 2);
    throw error;
  }
  if (options.help) {
    process.stdout.write(usage(JOURNEYS));
    return;
  }
  checkWritable(options.jsonFile, '--json');

  const context: RunContext = {
    seed: options.seed ?? newSeed(),
    // Unique per run whatever the seed: e-mails and Idempotency-Keys must never collide with an earlier run.
    runId: `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`,
    stderr: process.stderr,
    onSignals,
  };

  let summary: Summary;
  try {
    summary = await run(options, context);
  } catch (error) {
    if (error instanceof SetupError) fail(error.message, 1);
    throw error;
  }
  process.stdout.write(`${formatSummary(summary)}\n`);
  if (options.jsonFile) writeFileSync(options.jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  process.exitCode = summary.passed ? 0 : 1;
}

main().catch((error: unknown) => fail(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
