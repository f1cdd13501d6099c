// The API mode: check the gateway is ready, read the catalogue, then run the journey mix on the
// arrival model until the run stops by itself (or is stopped), with live progress on stderr.
import type { TrafficOptions } from './args.ts';
import { createCatalog } from './catalog.ts';
import { createHeartbeat } from './heartbeat.ts';
import { SETUP_JOURNEY, journeyMix } from './journeys/index.ts';
import { runJourney, type JourneyDeps } from './journeys/run-journey.ts';
import { startProgress } from './progress.ts';
import { createRandom } from './random.ts';
import { startRunner } from './runner.ts';
import { createShopClient } from './shop-client.ts';
import { createRunStats } from './stats.ts';
import { buildSummary, runMeta, type Summary } from './summary.ts';
import { createUserPool } from './user-pool.ts';

/** The run could not start (shop not ready, catalogue unreadable): exit 1 with this message. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export interface RunContext {
  seed: number;
  runId: string;
  stderr: NodeJS.WriteStream;
  /** SIGINT/SIGTERM wiring: called with stop (first signal) and abort (second). */
  onSignals(stop: () => void, abort: () => void): () => void;
}

export function describeModel(options: TrafficOptions): string {
  const model = options.model.kind === 'open' ? `${options.model.rate} journeys/s (open model)` : `${options.model.users} ${options.mode === 'browser' ? 'browsers' : 'virtual users'} (closed model)`;
  const duration = options.durationSeconds === 0 ? 'until stopped' : `for ${options.durationSeconds} s`;
  return `${model} against ${options.target} ${duration}`;
}

async function requireReady(target: string): Promise<void> {
  try {
    const response = await fetch(`${target}/readyz`, { signal: AbortSignal.timeout(5_000) });
    if (response.status === 200) return;
    throw new Error(`GET /readyz answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  } catch (error) {
    throw new SetupError(`the gateway at ${target} is not ready (${error instanceof Error ? error.message : String(error)}). Start the local stack with \`npm run stack:up\`, or point --target at a running gateway.`);
  }
}

export async function runApiTraffic(options: TrafficOptions, run: RunContext): Promise<Summary> {
  const random = createRandom(run.seed);
  const stats = createRunStats();
  const cut = new AbortController();
  const deps: JourneyDeps = {
    client: createShopClient({ baseUrl: options.target, timeoutMs: options.timeoutMs, stats, runSignal: cut.signal }),
    stats,
    catalog: createCatalog(),
    users: createUserPool({ runId: run.runId }),
    runId: run.runId,
    thinkMeanMs: options.thinkMs,
    runSignal: cut.signal,
  };
  const heartbeat = createHeartbeat(options.heartbeatFile);
  const startedAt = new Date().toISOString();
  run.stderr.write(`[traffic] run ${run.runId}: ${describeModel(options)}, seed ${run.seed} (replay with --seed ${run.seed})\n`);

  await requireReady(options.target);
  await runJourney(SETUP_JOURNEY, random.fork(), deps);
  if (deps.catalog.size === 0) {
    const { kinds } = stats.errorKinds();
    throw new SetupError(`could not read the catalogue from ${options.target}: ${kinds[0]?.example ?? 'no products listed'}`);
  }
  heartbeat.beat();

  const mix = journeyMix(options.mix);
  const runner = startRunner({
    model: options.model,
    durationMs: options.durationSeconds * 1000,
    graceMs: options.graceSeconds * 1000,
    maxInFlight: options.maxInFlight,
    thinkMeanMs: options.thinkMs,
    random: random.fork(),
    cut,
    async launch(journeyRandom) {
      await runJourney(journeyRandom.weighted(mix), journeyRandom, deps);
      heartbeat.beat();
    },
    onDropped: () => stats.recordDropped(),
  });
  const stopProgress = startProgress({ stats, stream: run.stderr, plainIntervalSeconds: options.progressIntervalSeconds, inFlight: () => runner.inFlight });
  const releaseSignals = run.onSignals(
    () => {
      run.stderr.write(`\n[traffic] stopping: no new journeys; ${runner.inFlight} in flight get ${options.graceSeconds} s (again to cut them now)\n`);
      runner.stop();
    },
    () => runner.abort(),
  );
  const result = await runner.done.finally(() => {
    stopProgress();
    releaseSignals();
  });

  return buildSummary(stats, runMeta('api', options, run, startedAt, result), { order: [SETUP_JOURNEY.name, ...mix.map((entry) => entry.value.name)] });
}

