// `npm run synthetics [-- --json] [--base-url URL] [--test KEY ...] [--browser]`: runs the synthetic tests defined for
// Datadog (infra/datadog/src/definitions/synthetics.ts) against a running shop, the local stack by default,
// with Datadog's assertions (the browser test too with --browser), and reports each test like datadog-ci. Exit 0 when every test passed, 1 when
// one failed, 2 on bad arguments or when no shop answers. docs/synthetics.md.
import { parseArgs } from 'node:util';
import { formatSummary, formatTest } from './report';
import { resolveBaseUrl, runSynthetics, ShopUnreachableError, testsFor } from './run-synthetics';

const USAGE = `usage: npm run synthetics [-- [--json] [--base-url URL] [--test KEY]... [--browser] [--no-retry]]

  --json          print the whole result as JSON on stdout (progress goes to stderr)
  --base-url URL  the shop to test (default: the local edge, else the local gateway)
  --test KEY      run only this test (repeatable), e.g. --test synthetics-checkout
  --browser       also run the browser test (Chromium at /usr/bin/chromium, or SHOPFAST_CHROMIUM)
  --no-retry      one attempt per API test (Datadog retries per the test's options.retry)`;

function fail(message: string, code: number): never {
  process.stderr.write(`[synthetics] ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { json?: boolean; 'base-url'?: string; test?: string[]; browser?: boolean; 'no-retry'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean' },
        'base-url': { type: 'string' },
        test: { type: 'string', multiple: true },
        browser: { type: 'boolean' },
        'no-retry': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let target: Awaited<ReturnType<typeof resolveBaseUrl>>;
  try {
    target = await resolveBaseUrl(values['base-url']);
  } catch (error) {
    if (error instanceof ShopUnreachableError) fail(error.message, 2);
    throw error;
  }
  let definitions;
  try {
    definitions = testsFor(target.baseUrl, values.test ?? [], values.browser ?? false);
  } catch (error) {
    fail((error as Error).message, 2);
  }

  // With --json, stdout is the JSON document alone; the human lines go to stderr.
  const human = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  human(`Running ${definitions.length} synthetic test${definitions.length === 1 ? '' : 's'} against ${target.baseUrl} (${target.label})\n`);
  const report = await runSynthetics(target.baseUrl, definitions, {
    retries: !values['no-retry'],
    onResult: (result) => formatTest(result).forEach(human),
  });
  human(`\n${formatSummary(report)}`);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1));
