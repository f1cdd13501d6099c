// The --browser mode: Debian's Chromium driven by playwright-core through the storefront at the edge,
// --users N visitors at once (closed model), each visit a fresh context and so a new RUM session.
// When the edge serves no RUM ids (the local stack's default), the pages get a runtime config with
// local ids, so the SDK starts and sends to the edge's /api/rum, where the gateway records it.
// Afterwards the summary counts what the intake got from these sessions.
import { existsSync } from 'node:fs';
import type { TrafficOptions } from '../args.ts';
import { createHeartbeat } from '../heartbeat.ts';
import { startProgress } from '../progress.ts';
import { createRandom } from '../random.ts';
import { describeModel, SetupError, type RunContext } from '../run-api.ts';
import { startRunner } from '../runner.ts';
import { createRunStats } from '../stats.ts';
import { buildSummary, runMeta, type Summary } from '../summary.ts';
import { createRumTally } from './rum-tally.ts';
import { runStorefrontVisit } from './storefront-visit.ts';

const CHROMIUM = process.env.SHOPFAST_CHROMIUM ?? '/usr/bin/chromium';
/** Flags that avoid hangs on a machine without outside network (../shared/reference/machine.md). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** RUM ids for the local intake only: never valid at Datadog, so nothing leaves the machine by mistake. */
const LOCAL_RUM = { applicationId: 'shopfast-traffic-local', clientToken: 'pubshopfasttrafficlocal0000000000' };

interface RuntimeConfig {
  rum?: { applicationId?: string; clientToken?: string; proxy?: string; [key: string]: unknown };
  [key: string]: unknown;
}

async function edgeRuntimeConfig(edge: string): Promise<RuntimeConfig> {
  try {
    const health = await fetch(`${edge}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (health.status !== 200) throw new Error(`GET /healthz answered ${health.status}`);
    const config = await fetch(`${edge}/config.json`, { signal: AbortSignal.timeout(5_000) });
    if (config.status !== 200) throw new Error(`GET /config.json answered ${config.status}`);
    return (await config.json()) as RuntimeConfig;
  } catch (error) {
    throw new SetupError(`the storefront edge at ${edge} is not serving (${error instanceof Error ? error.message : String(error)}). Start the local stack with \`npm run stack:up\`, or point --target at the edge.`);
  }
}

/** The edge's config with RUM switched on for the local intake, or undefined when RUM is configured already. */
export function withLocalRum(served: RuntimeConfig): RuntimeConfig | undefined {
  if (served.rum?.applicationId && served.rum.clientToken) return undefined;
  return { ...served, rum: { ...served.rum, ...LOCAL_RUM, sessionSampleRate: 100, proxy: served.rum?.proxy || '/api/rum' } };
}

export async function runBrowserTraffic(options: TrafficOptions, run: RunContext): Promise<Summary> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new SetupError('--browser needs playwright-core: run it from the repository after `npm ci` (the compose traffic image runs the API mode only)');
  }
  if (!existsSync(CHROMIUM)) throw new SetupError(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set SHOPFAST_CHROMIUM)`);

  const served = await edgeRuntimeConfig(options.target);
  const runtimeConfig = withLocalRum(served);
  run.stderr.write(`[traffic] run ${run.runId}: ${describeModel(options)}, seed ${run.seed} (replay with --seed ${run.seed})\n`);
  if (runtimeConfig) {
    run.stderr.write(`[traffic] the edge serves no RUM ids: these browsers use local ids (${LOCAL_RUM.applicationId}) and send to ${options.target}${runtimeConfig.rum?.proxy}\n`);
  }

  const rum = createRumTally(options.target);
  await rum.start();
  if (!rum.available) run.stderr.write(`[traffic] RUM events will not be counted: ${rum.problem}\n`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const stats = createRunStats();
  const cut = new AbortController();
  const heartbeat = createHeartbeat(options.heartbeatFile);
  const startedAt = new Date().toISOString();
  let visitors = 0;
  const runner = startRunner({
    model: options.model,
    durationMs: options.durationSeconds * 1000,
    graceMs: options.graceSeconds * 1000,
    maxInFlight: options.model.kind === 'closed' ? options.model.users : options.maxInFlight,
    thinkMeanMs: options.thinkMs,
    random: createRandom(run.seed),
    cut,
    async launch(random) {
      await runStorefrontVisit(random, {
        browser,
        edge: options.target,
        stats,
        rum,
        thinkMeanMs: options.thinkMs,
        stepTimeoutMs: options.timeoutMs,
        runtimeConfig,
        runId: run.runId,
        nextVisitor: () => ++visitors,
        cut: cut.signal,
      });
      heartbeat.beat();
    },
    onDropped: () => stats.recordDropped(),
  });
  const poller = setInterval(() => void rum.poll(), 5_000);
  const stopProgress = startProgress({
    stats,
    stream: run.stderr,
    plainIntervalSeconds: options.progressIntervalSeconds,
    inFlight: () => runner.inFlight,
    extra: () => {
      const counts = rum.counts();
      return rum.available ? `RUM: ${counts.sessionsSeen} sessions, ${counts.views} views, ${counts.purchaseCompleted} purchases` : '';
    },
  });
  const releaseSignals = run.onSignals(() => runner.stop(), () => runner.abort());
  let result;
  try {
    result = await runner.done;
  } finally {
    clearInterval(poller);
    stopProgress();
    releaseSignals();
    await browser.close().catch(() => undefined);
  }

  // The last batches leave on pagehide and take a moment through the edge: read until nothing new comes.
  for (let quiet = 0, round = 0; rum.available && quiet < 2 && round < 10; round++) {
    const before = JSON.stringify(rum.counts());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await rum.poll();
    quiet = JSON.stringify(rum.counts()) === before ? quiet + 1 : 0;
  }

  return buildSummary(stats, runMeta('browser', options, run, startedAt, result), rum.available ? { rum: rum.counts() } : {});
}
