import type { Logger } from '@shopfast/service-kit';
import { tracer } from '@shopfast/tracing';
import type { ActionRunner } from '../domain/action-runner';

export interface ActionWorker {
  start(): void;
  /** Runs a pass now (or right after the one in progress): a delivery just queued actions. */
  wake(): void;
  /** Stops scheduling and waits for the pass in progress and the actions it started, so the pool can close after them. */
  stop(): Promise<void>;
}

/**
 * Claims due incident actions every `intervalMs`, and at once when woken (a delivery queued actions, an
 * action finished). Passes never overlap; a full claim is followed by another pass straight away. A pass
 * starts the actions it claims and does not wait for them (the runner). Each pass runs under
 * `incident.poll_actions`, tagged `manual.drop` (a poll every second is not worth a trace: it never reaches
 * the agent); every action is a span of the trace of the delivery that queued it.
 */
export function createActionWorker({ runner, logger, intervalMs }: { runner: ActionRunner; logger: Logger; intervalMs: number }): ActionWorker {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let busy = false;
  let wokenDuringPass = false;
  let current: Promise<void> = Promise.resolve();

  async function pass(): Promise<boolean> {
    try {
      return (await runner.runDue()).more;
    } catch (error) {
      logger.error({ err: error }, 'incident action pass failed; retrying at the next pass');
      return false;
    }
  }

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      busy = true;
      // A root span: a pass woken by a delivery would otherwise join the delivery's trace (the timer keeps
      // the async context of wake()), and its manual.drop would reject that trace's later spans.
      const passed = tracer.trace('incident.poll_actions', { childOf: null, tags: { 'manual.drop': true } }, pass);
      current = passed.then((more) => {
        busy = false;
        const again = more || wokenDuringPass;
        wokenDuringPass = false;
        if (running) schedule(again ? 0 : intervalMs);
      });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    wake() {
      if (!running) return;
      if (busy) wokenDuringPass = true;
      else schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
      await runner.idle();
    },
  };
}
