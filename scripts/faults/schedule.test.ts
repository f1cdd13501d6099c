import { describe, expect, it } from 'vitest';
import { DEFINITIONS_FILE, faultDefinitions, readFlagdDocument, validateFaultValue } from '@shopfast/feature-flags';
import { episodes, formatSwitch, planSchedule, type PlanOptions } from './schedule';

const catalogue = faultDefinitions(readFlagdDocument(DEFINITIONS_FILE));
const options: PlanOptions = { seed: 42, durationSeconds: 600, minOnSeconds: 20, maxOnSeconds: 90, maxConcurrent: 2, includeBrowser: false };

describe('fault schedule', () => {
  it('replays the same switches at the same offsets for the same seed', () => {
    const first = planSchedule(catalogue, options);
    const replay = planSchedule(catalogue, { ...options });
    expect(first.length).toBeGreaterThan(4);
    expect(replay).toEqual(first);
    expect(replay.map(formatSwitch)).toEqual(first.map(formatSwitch));
  });

  it('switches other faults, or at other offsets, for another seed', () => {
    const first = planSchedule(catalogue, options).map(formatSwitch);
    expect(planSchedule(catalogue, { ...options, seed: 43 }).map(formatSwitch)).not.toEqual(first);
  });

  it('switches every fault it turns on off again by the end, at most max-concurrent at a time, each within min-on..max-on', () => {
    for (const seed of [1, 2, 3, 42, 1_000_000]) {
      const plan = planSchedule(catalogue, { ...options, seed });
      const on = new Set<string>();
      for (const entry of plan) {
        if (entry.action === 'on') {
          expect(on.has(entry.key), `${seed}: ${entry.key} on twice`).toBe(false);
          on.add(entry.key);
        } else on.delete(entry.key);
        expect(on.size).toBeLessThanOrEqual(options.maxConcurrent);
        expect(entry.at).toBeGreaterThanOrEqual(0);
        expect(entry.at).toBeLessThanOrEqual(options.durationSeconds);
      }
      expect(on.size, `${seed}: left on`).toBe(0);
      for (const episode of episodes(plan)) {
        const length = episode.to - episode.from;
        // The last one may be cut short by the end of the run.
        if (episode.to < options.durationSeconds) expect(length).toBeGreaterThanOrEqual(options.minOnSeconds - 0.1);
        expect(length).toBeLessThanOrEqual(options.maxOnSeconds + 0.1);
      }
    }
  });

  it('switches server faults only unless asked for the storefront ones, with values inside each range', () => {
    const server = planSchedule(catalogue, { ...options, durationSeconds: 3_600 });
    expect(server.some((entry) => catalogue.find((fault) => fault.key === entry.key)?.service === 'web')).toBe(false);
    for (const entry of server.filter((candidate) => candidate.action === 'on')) {
      const fault = catalogue.find((candidate) => candidate.key === entry.key)!;
      expect(validateFaultValue(fault, entry.value).ok, `${entry.key}=${String(entry.value)}`).toBe(true);
      expect(entry.value).not.toBe(fault.default);
    }
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const browser = seeds.flatMap((seed) => planSchedule(catalogue, { ...options, seed, durationSeconds: 3_600, includeBrowser: true }));
    expect(browser.some((entry) => entry.key === 'imageSlowLoad' || entry.key === 'productPageJsError')).toBe(true);
  });

  it('logs each switch with its offset', () => {
    expect(formatSwitch({ at: 12.3, action: 'on', key: 'paymentFailure', value: 0.5 })).toBe('+12.3s on paymentFailure=0.5');
    expect(formatSwitch({ at: 40, action: 'off', key: 'paymentFailure' })).toBe('+40.0s off paymentFailure');
  });
});
