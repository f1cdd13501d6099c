// Runs one journey and records how it ended: ok, error (a step failed or a promise was broken) or cut
// (the run's grace period ended first). The time recorded is what the shopper waited for the shop:
// the journey's length minus its think times.
import { setTimeout as sleep } from 'node:timers/promises';
import { thinkTimeMs } from '../arrivals.ts';
import type { Catalog } from '../catalog.ts';
import type { Random } from '../random.ts';
import { JourneyCut, StepFailed, type ShopClient } from '../shop-client.ts';
import type { RunStats } from '../stats.ts';
import type { UserPool } from '../user-pool.ts';
import type { Journey, JourneyContext } from './journey.ts';

export interface JourneyDeps {
  client: ShopClient;
  stats: RunStats;
  catalog: Catalog;
  users: UserPool;
  runId: string;
  /** Mean think time between steps (ms); 0 for none. */
  thinkMeanMs: number;
  /** Aborted when the grace period ends. */
  runSignal: AbortSignal;
}

export async function runJourney(journey: Journey, random: Random, deps: JourneyDeps): Promise<void> {
  const { stats, runSignal } = deps;
  const started = performance.now();
  let thinkingMs = 0;

  const context: JourneyContext = {
    name: journey.name,
    random,
    call: deps.client(journey.name),
    catalog: deps.catalog,
    users: deps.users,
    runId: deps.runId,
    async think() {
      const ms = thinkTimeMs(deps.thinkMeanMs, random);
      if (ms <= 0) return;
      const from = performance.now();
      try {
        await sleep(ms, undefined, { signal: runSignal });
      } catch {
        throw new JourneyCut(`${journey.name} cut while the shopper was thinking`);
      } finally {
        thinkingMs += performance.now() - from;
      }
    },
    outcome: (label) => stats.recordOutcome(journey.name, label),
    fail(message): never {
      stats.recordFailure(journey.name, message);
      throw new StepFailed(message);
    },
  };

  const waited = () => performance.now() - started - thinkingMs;
  try {
    await journey.run(context);
    stats.recordJourney(journey.name, 'ok', waited());
  } catch (error) {
    if (error instanceof JourneyCut) {
      stats.recordJourney(journey.name, 'cut', waited());
    } else if (error instanceof StepFailed) {
      stats.recordJourney(journey.name, 'error', waited());
    } else {
      // Not the shop's fault as far as we know: the generator's own code broke. Loud, and an error.
      stats.recordFailure(journey.name, `generator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      stats.recordJourney(journey.name, 'error', waited());
    }
  }
}
