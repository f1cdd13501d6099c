import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { FaultFlags } from '@shopfast/feature-flags';
import { createCpuBurnJob } from './cpu-burn.job';

const logger = pino({ level: 'silent' });
const flags = (share: () => number): FaultFlags => ({ number: async (key) => (key === 'cpuBurn' ? share() : 0), enabled: async () => false });

/** Event-loop utilization over `ms` of real time while the job runs. */
async function utilizationOver(ms: number): Promise<number> {
  const start = performance.eventLoopUtilization();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return performance.eventLoopUtilization(start).utilization;
}

describe('the cpuBurn fault job', () => {
  it('spins its share of each slice while on and nothing once off', async () => {
    let share = 0.5;
    const job = createCpuBurnJob({ faults: flags(() => share), logger, sliceMs: 50, refreshMs: 100 });
    await job.refresh();
    expect(job.currentShare()).toBe(0.5);
    job.start();
    try {
      expect(await utilizationOver(1_000)).toBeGreaterThan(0.35);
      share = 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(job.currentShare()).toBe(0);
      expect(await utilizationOver(500)).toBeLessThan(0.2);
    } finally {
      await job.stop();
    }
  });

  it('never burns more than 90 % of a slice, whatever the flag says', async () => {
    const job = createCpuBurnJob({ faults: flags(() => 5), logger });
    await job.refresh();
    expect(job.currentShare()).toBe(0.9);
    const started = performance.now();
    job.burnSlice();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
