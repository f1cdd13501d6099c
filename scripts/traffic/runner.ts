// Starts journeys on the arrival model's schedule, never more than --max-in-flight at once, and stops
// by itself: after --duration no journey starts, those in flight get --grace to finish, and whatever
// is still running then is cut (its requests aborted). stop() and abort() end a run early (Ctrl-C).
import { setTimeout as sleep } from 'node:timers/promises';
import { arrivalTimesMs, pacingMs, type ArrivalModel } from './arrivals.ts';
import type { Random } from './random.ts';

export interface RunnerOptions {
  model: ArrivalModel;
  /** 0: until stop() is called. */
  durationMs: number;
  graceMs: number;
  /**
   * Open model: an arrival while this many journeys run is dropped (and counted), so a shop that
   * stops answering cannot make the generator pile up journeys until it runs out of memory.
   */
  maxInFlight: number;
  /** Mean think time (ms): closed-model users pause a few of these between journeys. */
  thinkMeanMs: number;
  random: Random;
  /** Aborted when the grace period is over: the journeys' requests listen to it. */
  cut: AbortController;
  /** Starts one journey with its own random stream. */
  launch(random: Random): Promise<void>;
  onDropped(): void;
}

export interface RunResult {
  started: number;
  elapsedMs: number;
  /** Journeys were still running when the grace period ended, and were cut. */
  cutAtGrace: boolean;
  stoppedBy: 'duration' | 'stop';
}

export interface Runner {
  done: Promise<RunResult>;
  /** No new journeys; those in flight get the grace period. */
  stop(): void;
  /** Cut everything now (a second Ctrl-C). */
  abort(): void;
  readonly inFlight: number;
  readonly started: number;
}

export function startRunner(options: RunnerOptions): Runner {
  const inFlight = new Set<Promise<void>>();
  const arrivals = options.random.fork();
  const journeys = options.random.fork();
  const noMoreArrivals = new AbortController();
  const abortNow = new AbortController();
  let started = 0;
  let stoppedBy: RunResult['stoppedBy'] = 'stop';

  const stop = () => noMoreArrivals.abort();
  /** Sleeps, or returns false as soon as the run stops. */
  const pause = (ms: number) => sleep(ms, undefined, { signal: noMoreArrivals.signal }).then(() => true, () => false);

  const start = (): Promise<void> => {
    started++;
    // launch() records its own failures; a rejection here would only be a bug, and must not stop the run.
    const journey = options.launch(journeys.fork()).catch(() => undefined);
    inFlight.add(journey);
    void journey.finally(() => inFlight.delete(journey));
    return journey;
  };

  async function openModel(rate: number): Promise<void> {
    const origin = performance.now();
    for (const at of arrivalTimesMs(rate, arrivals)) {
      const wait = origin + at - performance.now();
      // Behind schedule (a busy event loop): start the late arrivals at once, as a Poisson process would have.
      if (wait > 0 && !(await pause(wait))) return;
      if (noMoreArrivals.signal.aborted) return;
      if (inFlight.size >= options.maxInFlight) options.onDropped();
      else start();
    }
  }

  function closedModel(users: number): Promise<void[]> {
    return Promise.all(
      Array.from({ length: users }, async () => {
        const own = arrivals.fork();
        // Staggered over the first second, so N users do not move in lockstep.
        if (!(await pause(own.next() * 1000))) return;
        while (!noMoreArrivals.signal.aborted) {
          await start();
          if (!(await pause(pacingMs(options.thinkMeanMs, own)))) return;
        }
      }),
    );
  }

  const done = (async (): Promise<RunResult> => {
    const origin = performance.now();
    const timer =
      options.durationMs > 0
        ? setTimeout(() => {
            stoppedBy = 'duration';
            stop();
          }, options.durationMs)
        : undefined;
    const users = options.model.kind === 'closed' ? closedModel(options.model.users) : undefined;
    if (options.model.kind === 'open') await openModel(options.model.rate);
    else await new Promise<void>((resolve) => noMoreArrivals.signal.addEventListener('abort', () => resolve(), { once: true }));
    clearTimeout(timer);

    const finished = Promise.allSettled([...inFlight]).then(() => true);
    const graceOver = sleep(options.graceMs, undefined, { signal: abortNow.signal }).then(() => false, () => false);
    const allFinished = await Promise.race([finished, graceOver]);
    const cutAtGrace = !allFinished && inFlight.size > 0;
    if (cutAtGrace) options.cut.abort();
    abortNow.abort(); // ends the grace timer when everything finished first
    await Promise.allSettled([...inFlight]);
    if (users) await users;
    return { started, elapsedMs: performance.now() - origin, cutAtGrace, stoppedBy };
  })();

  return {
    done,
    stop,
    abort() {
      stop();
      abortNow.abort();
    },
    get inFlight() {
      return inFlight.size;
    },
    get started() {
      return started;
    },
  };
}
