// Loads the synthetic test definitions (infra/datadog/src/definitions/synthetics.ts) with their URLs pointing at a
// running shop, finds that shop, and runs every test in turn: the API tests always, the browser test with
// --browser (it needs Chromium and the storefront, so the edge).
import { localUrl } from '@shopfast/stack-ports';
import { syntheticsDefinitions } from '../../infra/datadog/src/definitions/synthetics';
import type { DefinitionSettings, SyntheticsApiDefinition, SyntheticsBrowserDefinition } from '../../infra/datadog/src/definitions/types';
import { runBrowserTest } from './browser';
import { summarize, type RunReport } from './report';
import { runApiTest, type RunOptions, type TestResult } from './run-test';

/** The definitions' settings for a local run: only the URL matters to the runner; the rest is labelling. */
export function localSettings(shopUrl: string): DefinitionSettings {
  return {
    env: 'local',
    shopUrl,
    webhookUrl: `${shopUrl}/api/webhooks/datadog`,
    tiers: { critical: { handles: [] }, performance: { handles: [] }, business: { handles: [] } },
  };
}

export class ShopUnreachableError extends Error {
  override name = 'ShopUnreachableError';
}

/** True when something answers GET <base>/api/health over HTTP (any status: a 503 still means a shop is there). */
async function answers(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The shop to test: --base-url when given; else the local edge (nginx, the storefront and /api, as Datadog
 * reaches the public edge), else the local gateway (a stack started with `--only gateway` has no edge).
 */
export async function resolveBaseUrl(given: string | undefined): Promise<{ baseUrl: string; label: string }> {
  if (given !== undefined) {
    const baseUrl = given.replace(/\/+$/, '');
    if (await answers(baseUrl)) return { baseUrl, label: '--base-url' };
    throw new ShopUnreachableError(`nothing answers ${baseUrl}/api/health: is the shop running there?`);
  }
  const candidates = [
    { baseUrl: localUrl('edge'), label: 'the local edge' },
    { baseUrl: localUrl('gateway'), label: 'the local gateway' },
  ];
  for (const candidate of candidates) {
    if (await answers(candidate.baseUrl)) return candidate;
  }
  throw new ShopUnreachableError(
    `the local stack is not reachable (tried ${candidates.map((candidate) => `${candidate.baseUrl}/api/health`).join(' and ')}). ` +
      'Start it with `npm run stack:up`, or point the runner at a shop with --base-url URL.',
  );
}

export type SyntheticsDefinition = SyntheticsApiDefinition | SyntheticsBrowserDefinition;

/** The API tests, plus the browser test when `browser`; `keys` (if any) picks among those. */
export function testsFor(baseUrl: string, keys: readonly string[] = [], browser = false): SyntheticsDefinition[] {
  const all = syntheticsDefinitions(localSettings(baseUrl)).filter((definition) => browser || definition.kind === 'synthetics-api');
  const unknown = keys.filter((key) => !all.some((definition) => definition.key === key));
  if (unknown.length > 0) {
    throw new Error(`no test ${unknown.join(', ')}${browser ? '' : ' among the API tests (browser tests need --browser)'}; the tests are: ${all.map((definition) => definition.key).join(', ')}`);
  }
  return keys.length === 0 ? all : all.filter((definition) => keys.includes(definition.key));
}

/** Runs the tests one after another (gentle on a two-core stack and its per-IP budgets); `onResult` sees each as it ends. */
export async function runSynthetics(
  baseUrl: string,
  definitions: SyntheticsDefinition[],
  options: RunOptions & { onResult?: (result: TestResult) => void } = {},
): Promise<RunReport> {
  const startedAt = new Date();
  const started = performance.now();
  const results: TestResult[] = [];
  for (const definition of definitions) {
    const result = definition.kind === 'synthetics-api' ? await runApiTest(definition, options) : await runBrowserTest(definition);
    options.onResult?.(result);
    results.push(result);
  }
  return summarize(baseUrl, startedAt, Math.round(performance.now() - started), results);
}
