import type { FaultFlags } from '@shopfast/feature-flags';
import { createPeriodicTask, type Logger } from '@shopfast/service-kit';

export interface CpuBurnOptions {
  faults: FaultFlags;
  logger: Logger;
  /** The burn is cut in slices: each slice spins `share × sliceMs`, then lets the event loop run. */
  sliceMs?: number;
  /** How often the fault is read (evaluating it every slice would count ten evaluations a second). */
  refreshMs?: number;
}

/** The flag's own maximum: never the whole core, so health checks and shutdown still get through. */
const MAX_SHARE = 0.9;

/**
 * The cpuBurn fault: while it is on, the shipping process busy-loops `share` of every `sliceMs` on its
 * one thread, so every request and event it handles waits behind the loop. It shows as
 * runtime.node.event_loop.utilization (about the share) and event-loop delay, and as slower shipping
 * spans. Switched off, the next refresh stops it.
 */
export function createCpuBurnJob({ faults, logger, sliceMs = 100, refreshMs = 1_000 }: CpuBurnOptions) {
  let share = 0;
  let slicer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    const value = await faults.number('cpuBurn');
    const next = Math.min(Math.max(value, 0), MAX_SHARE);
    if (next !== share) logger.info({ share: next }, next > 0 ? 'cpuBurn fault: burning CPU' : 'cpuBurn fault off');
    share = next;
  }

  function burnSlice(): void {
    if (share <= 0) return;
    const until = performance.now() + share * sliceMs;
    // Busy on purpose: this is the fault.
    while (performance.now() < until) {
      /* spin */
    }
  }

  const reader = createPeriodicTask({ name: 'cpu burn fault', intervalMs: refreshMs, logger, run: refresh });
  return {
    start() {
      reader.start();
      slicer = setInterval(burnSlice, sliceMs);
      // Never what keeps the process alive.
      slicer.unref();
    },
    async stop() {
      clearInterval(slicer);
      share = 0;
      await reader.stop();
    },
    refresh,
    burnSlice,
    /** The share of each slice burnt now (0 while off). */
    currentShare: () => share,
  };
}

export type CpuBurnJob = ReturnType<typeof createCpuBurnJob>;
