import { tracer } from '@shopfast/tracing';
import type { Logger } from './telemetry/logger';

export interface PeriodicTaskOptions {
  /** Names the task in log lines. */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One pass. A failure is logged and the next pass runs on schedule. */
  run: () => Promise<unknown>;
  /**
   * Run each pass under a span of this name tagged `manual.drop`: a poll every few seconds must not
   * become a kept trace, yet the spans of the work it does stay grouped under one parent instead of
   * each becoming a root trace. Omit for passes that make no traced calls.
   */
  spanName?: string;
}

export interface PeriodicTask {
  start(): void;
  /** Stops scheduling and waits for a pass in progress, so stores can close safely after it. */
  stop(): Promise<void>;
}

/**
 * Background work on a timer, as services need it: passes never overlap (the next one is scheduled when
 * the previous ends), the timer never keeps the process alive, and stop() lets graceful shutdown wait
 * for the current pass before stores close.
 */
export function createPeriodicTask(options: PeriodicTaskOptions): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  const pass = async () => {
    try {
      await options.run();
    } catch (error) {
      options.logger.error({ err: error, task: options.name }, `${options.name} failed; retrying at the next pass`);
    }
  };
  const tracedPass = () => (options.spanName ? tracer.trace(options.spanName, { tags: { 'manual.drop': true } }, pass) : pass());

  const schedule = () => {
    timer = setTimeout(() => {
      current = tracedPass().finally(() => {
        if (running) schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
