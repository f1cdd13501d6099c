import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createPeriodicTask } from './periodic-task';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createPeriodicTask', () => {
  it('runs passes one after another, never two at once', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const task = createPeriodicTask({
      name: 'overlap probe',
      intervalMs: 5,
      logger,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(20);
        passes += 1;
        active -= 1;
      },
    });
    task.start();
    // Wait for passes rather than for a fixed time: a loaded CI machine may run timers late.
    await expect.poll(() => passes, { timeout: 5_000, interval: 10 }).toBeGreaterThanOrEqual(3);
    await task.stop();
    expect(maxActive).toBe(1);
  });

  it('keeps going after a failing pass', async () => {
    let calls = 0;
    const task = createPeriodicTask({
      name: 'flaky',
      intervalMs: 5,
      logger,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('store away');
      },
    });
    task.start();
    await expect.poll(() => calls, { timeout: 5_000, interval: 10 }).toBeGreaterThanOrEqual(2);
    await task.stop();
  });

  it('waits for the pass in progress on stop and schedules nothing after', async () => {
    let finished = false;
    let calls = 0;
    const task = createPeriodicTask({
      name: 'slow',
      intervalMs: 1,
      logger,
      run: async () => {
        calls += 1;
        await sleep(40);
        finished = true;
      },
    });
    task.start();
    await expect.poll(() => calls, { timeout: 5_000, interval: 5 }).toBe(1);
    await task.stop();
    expect(finished).toBe(true);
    const callsAtStop = calls;
    await sleep(30);
    expect(calls).toBe(callsAtStop);
  });
});
