import type { Logger } from './telemetry/logger';

/** One piece of a service's background work: a timer, an event consumer, a retry loop. */
export interface BackgroundJob {
  /** Names the job in logs. */
  name: string;
  /**
   * Starts it. Awaited before the next job starts, so a job can depend on the one before it (an event
   * consumer creates its group before anything publishes). Omit for work that starts itself on demand
   * (retries of failed publishes) and only has to be stopped.
   */
  start?: () => unknown;
  /** Stops scheduling and waits for work in progress, so stores can close safely after it. */
  stop: () => unknown;
}

/** All background work of one service, started and stopped as one. */
export interface ServiceJobs {
  /** Starts every job in order. Wiring a service starts nothing: only this does. */
  start(): Promise<void>;
  /**
   * Stops every job in order (a job that feeds a later one stops first). A job that fails to stop is
   * logged and the others still stop. Safe before start() and more than once.
   */
  stop(): Promise<void>;
  /** The jobs' names, in order. */
  readonly names: readonly string[];
}

/**
 * The one lifecycle object a service's wire function returns for its background work: main.ts starts it
 * before listening and stops it first on shutdown, before the stores the jobs use are closed.
 */
export function createServiceJobs(jobs: BackgroundJob[], logger: Logger): ServiceJobs {
  return {
    names: jobs.map((job) => job.name),
    async start() {
      for (const job of jobs) await job.start?.();
    },
    async stop() {
      for (const job of jobs) {
        try {
          await job.stop();
        } catch (error) {
          logger.warn({ err: error, job: job.name }, 'background job failed to stop cleanly');
        }
      }
    },
  };
}
