// Local stack without Docker.
//
//   tsx scripts/stack/cli.ts up [--detach] [--only a,b]   start (foreground: Ctrl-C stops what it started)
//   tsx scripts/stack/cli.ts down [--only a,b]            stop everything recorded in .stack/pids
//   tsx scripts/stack/cli.ts status [--check]             table; --check exits 1 unless all healthy
//
// See scripts/stack/README.md for ports, overrides and where things live.
import { requireSupportedNode } from '../node/require-supported-node';
import { StackError } from './lib/errors';
import { consoleLogger, formatTable } from './lib/log';
import { shortPath } from './lib/paths';
import { adminTokenFile } from './lib/secrets';
import { down, reportFailure, status, superviseUntilSignal, up, type UpResult } from './stack';

const log = consoleLogger;

interface Args {
  command: string;
  detach: boolean;
  check: boolean;
  only?: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? 'help', detach: false, check: false };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--detach' || arg === '-d') args.detach = true;
    else if (arg === '--check') args.check = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      args.only = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    } else throw new StackError(`unknown option ${arg}`);
  }
  return args;
}

function printSummary(result: UpResult): void {
  const rows = result.running.map((r) => [
    r.component.name,
    String(r.pid),
    r.component.url,
    shortPath(r.component.logFile),
  ]);
  process.stdout.write(`\n${formatTable(['component', 'pid', 'url', 'log'], rows)}\n\n`);
}

function noGatewayNote(result: UpResult): string {
  return result.skipped.some((c) => c.name === 'gateway')
    ? 'backing services are running; the gateway is not built yet (`npm run build`)'
    : `running: ${result.running.map((r) => r.component.name).join(', ')}`;
}

async function runUp(args: Args): Promise<number> {
  // Ctrl-C while starting: stop what was started so far instead of leaving orphans.
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) return; // the same Ctrl-C can arrive twice (terminal + tsx relaying it)
    log('interrupted: stopping what was started…');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: UpResult;
  try {
    result = await up({ only: args.only, log, signal: abort.signal });
  } catch (err) {
    if (!(err instanceof StackError && err.message === 'interrupted')) reportFailure(err, log);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printSummary(result);
  const gateway = result.running.find((r) => r.component.name === 'gateway');
  if (gateway) log(`admin token (Authorization: Bearer … for /api/admin/*): ${shortPath(adminTokenFile)}, e.g. curl -H "Authorization: Bearer $(cat ${shortPath(adminTokenFile)})"`);
  if (args.detach) {
    log(gateway ? `ShopFast is running: ${gateway.component.url}/api/products` : noGatewayNote(result));
    log('stop with `npm run stop`; status with `npm run stack:status`');
    return 0;
  }
  log(
    gateway
      ? `ShopFast is running: http://localhost:${new URL(gateway.component.url).port}/api/products — Ctrl-C to stop`
      : `${noGatewayNote(result)} — Ctrl-C to stop`,
  );
  await superviseUntilSignal(result, log);
  return 0;
}

async function runStatus(args: Args): Promise<number> {
  const rows = await status({ only: args.only });
  const table = rows.map((r) => [
    r.name,
    r.state,
    r.pid === undefined ? '-' : String(r.pid),
    r.url,
    r.detail || shortPath(r.logFile),
  ]);
  process.stdout.write(`${formatTable(['component', 'state', 'pid', 'url', 'log / detail'], table)}\n`);
  const allHealthy = rows.every((r) => r.state === 'healthy' || r.state === 'not built');
  return args.check && !allHealthy ? 1 : 0;
}

async function main(): Promise<number> {
  await requireSupportedNode();
  const args = parseArgs(process.argv.slice(2));
  switch (args.command) {
    case 'up':
      return runUp(args);
    case 'down':
      await down({ only: args.only, log });
      return 0;
    case 'status':
      return runStatus(args);
    default:
      process.stdout.write(
        'usage: tsx scripts/stack/cli.ts up [--detach] [--only a,b] | down [--only a,b] | status [--check]\n',
      );
      return args.command === 'help' || args.command === '--help' ? 0 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    reportFailure(err, log);
    process.exit(1);
  },
);
