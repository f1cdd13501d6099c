import { getHeapStatistics } from 'node:v8';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createPeriodicTask, type Logger } from '@shopfast/service-kit';

export interface MemoryLeakOptions {
  faults: FaultFlags;
  logger: Logger;
  /** How often the fault is read and memory taken (the rate is per minute, spread over the ticks). */
  tickMs?: number;
  /** Never more than this is held, whatever the rate and however long it runs (default: leakCapMb()). */
  capMb?: number;
}

const MB = 1024 * 1024;
/** The most the fault ever holds, on a machine with heap to spare. */
const MAX_CAP_MB = 256;

/**
 * How much the fault may hold: half of V8's heap limit, never more than 256 MB. The limit is what matters,
 * not the container's memory: V8 sizes its heap from the memory it sees (in the 512 MB product container
 * that is ~256 MB), and a leak reaching that limit ends the process with a heap OOM instead of showing
 * a heap that grows; half of it leaves the service its own working room.
 */
export function leakCapMb(heapSizeLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.min(MAX_CAP_MB, Math.floor(heapSizeLimitBytes / MB / 2));
}
/** One megabyte of V8 heap: a packed array of 131 072 doubles (8 bytes each). Typed arrays would live outside the heap. */
const DOUBLES_PER_MB = 131_072;

/**
 * The memoryLeak fault: while it is on, every tick keeps `rate / ticks per minute` MB of heap it never
 * uses, in one array capped at `capMb`; when it is switched off everything is let go at once (the next
 * GC frees it). The heap it holds is what runtime.node.mem.heap_used shows growing. Ticks do no traced
 * work, so there is no span: the flag is evaluated outside any request.
 */
export function createMemoryLeakJob({ faults, logger, tickMs = 1_000, capMb = leakCapMb() }: MemoryLeakOptions) {
  let retained: number[][] = [];
  /** Fractions of a megabyte owed by earlier ticks (8 MB/min at one tick a second is 0.13 MB a tick). */
  let owedMb = 0;

  async function tick(): Promise<void> {
    const rateMbPerMinute = await faults.number('memoryLeak');
    if (rateMbPerMinute <= 0) {
      if (retained.length > 0) logger.info({ releasedMb: retained.length }, 'memoryLeak fault off: retained memory released');
      retained = [];
      owedMb = 0;
      return;
    }
    owedMb += (rateMbPerMinute * tickMs) / 60_000;
    while (owedMb >= 1 && retained.length < capMb) {
      // Distinct values, so V8 keeps a real double array of the full size.
      retained.push(Array.from({ length: DOUBLES_PER_MB }, (_, index) => index + Math.random()));
      owedMb -= 1;
    }
    if (retained.length >= capMb) owedMb = 0;
  }

  const task = createPeriodicTask({ name: 'memory leak fault', intervalMs: tickMs, logger, run: tick });
  return {
    start: task.start,
    async stop() {
      await task.stop();
      retained = [];
    },
    tick,
    /** How many megabytes the fault holds now. */
    retainedMb: () => retained.length,
  };
}

export type MemoryLeakJob = ReturnType<typeof createMemoryLeakJob>;
