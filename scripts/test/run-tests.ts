/**
 * `npm test`: build, lint, type-check (sources, scripts and every test file), unit tests, then
 * integration and end-to-end tests against the local stack (started here when it is not already
 * running, and stopped again afterwards), then one summary line. A failed lint or type-check fails the
 * run but the tests still run, so the report is complete. Each Vitest run writes a JSON report; the
 * counts printed at the end add them up, with a test file that could not even load counted as failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requireSupportedNode } from '../node/require-supported-node';
import { isStackHealthy, stackDown, stackUp } from '../stack';
import { ensureCommand } from '../stack/lib/install';
import { ensureDockerCompose } from '../stack/tools/docker-compose';
import { ensureMongosh } from '../stack/tools/mongosh';
import { ensureHelm } from '../k8s/helm';
import { ensureKubernetesValidate } from '../k8s/kubernetes-validate';
import { countReport, type Totals, type VitestReport } from './vitest-report';

const root = join(__dirname, '..', '..');
const reportDir = join(root, '.stack', 'test-reports');

const log = (message: string) => process.stdout.write(`[test] ${message}\n`);

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

/** Runs Vitest with `args` (`--project x` or `--config file`) and reads the counts from its JSON report. */
function vitest(name: string, args: string[]): { exitCode: number; totals: Totals } {
  const reportFile = join(reportDir, `${name}.json`);
  rmSync(reportFile, { force: true });
  log(`running ${name} tests (${args.join(' ')})`);
  const exitCode = run(process.execPath, [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ]);
  if (!existsSync(reportFile)) return { exitCode: exitCode || 1, totals: { passed: 0, failed: 1, skipped: 0 } };
  const { totals, unloadable } = countReport(JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport, root);
  for (const file of unloadable) log(`${name}: a test file failed to load (counted as 1 failure): ${file}`);
  return { exitCode, totals };
}

async function main(): Promise<void> {
  await requireSupportedNode();
  log(`node ${process.version} (${process.execPath}), npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()}`);
  mkdirSync(reportDir, { recursive: true });
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  const add = (more: Totals) => {
    totals.passed += more.passed;
    totals.failed += more.failed;
    totals.skipped += more.skipped;
  };
  let exitCode = 0;

  // Tools the tests drive, installed like the stack installs its servers: only when missing.
  log('checking test tools (Compose v2 validates the compose files, mongosh runs its healthcheck, helm and kubernetes-validate check the chart, Chromium runs the storefront tests)');
  const say = (line: string) => log(line);
  // The tests that need a tool then fail and say what is missing; every other test still runs.
  const warn = (tool: string) => (error: unknown) => log(`could not install ${tool}: ${error instanceof Error ? error.message : String(error)}`);
  await Promise.all([
    ensureDockerCompose(say).catch(warn('docker-compose (Compose v2)')),
    ensureMongosh(say).catch(warn('mongosh')),
    ensureHelm(say).catch(warn('helm')),
    ensureKubernetesValidate(say).catch(warn('kubernetes-validate')),
    ensureCommand('test-tools', 'chromium', 'chromium', say).catch(warn('chromium')),
  ]);

  log('building the workspace');
  if (run('npm', ['run', 'build', '--silent']) !== 0) {
    log('build failed');
    process.exit(1);
  }

  // Static checks: each failure fails the run, and the tests below still run.
  const checks: Array<{ name: string; passed: boolean }> = [];
  for (const name of ['lint', 'typecheck'] as const) {
    log(`running npm run ${name}`);
    const passed = run('npm', ['run', name, '--silent']) === 0;
    log(passed ? `${name} passed` : `${name} FAILED (npm run ${name}): the run will fail; the tests still run`);
    checks.push({ name, passed });
    if (!passed) exitCode = 1;
  }

  for (const [name, args] of [
    ['unit', ['--project', 'unit']],
    ['storefront-unit', ['--config', 'web/vitest.config.ts']],
  ] as const) {
    const result = vitest(name, [...args]);
    add(result.totals);
    exitCode ||= result.exitCode;
  }

  const alreadyRunning = await isStackHealthy();
  let startedHere = false;
  try {
    if (alreadyRunning) {
      log('local stack already running: using it');
    } else {
      log('local stack not running: starting it (npm stop is not needed; it is stopped at the end)');
      await stackUp({ detach: true });
      startedHere = true;
    }
    for (const [name, args] of [
      ['integration', ['--project', 'integration', '--project', 'e2e']],
      // Real Chromium through the edge (nginx on :8080) against the running stack.
      ['storefront-browser', ['--config', 'web/vitest.browser.config.ts']],
    ] as const) {
      const result = vitest(name, [...args]);
      add(result.totals);
      exitCode ||= result.exitCode;
    }
  } catch (error) {
    log(`could not start the local stack: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
    totals.failed += 1;
  } finally {
    if (startedHere && !process.env.SHOPFAST_KEEP_STACK) {
      log('stopping the local stack this run started (set SHOPFAST_KEEP_STACK=1 to keep it)');
      await stackDown();
    }
  }

  if (totals.passed + totals.failed === 0) {
    log('no test ran: failing on purpose');
    exitCode = 1;
  }
  const failedChecks = checks.filter((check) => !check.passed).map((check) => check.name);
  process.stdout.write(`\n${failedChecks.length ? `FAILED: ${failedChecks.join(' and ')}` : 'lint and typecheck passed'}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(exitCode);
}

void main();
