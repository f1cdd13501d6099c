import { describe, expect, it } from 'vitest';
import { arrivalTimesMs, countArrivals, thinkTimeMs } from './arrivals.ts';
import { createRandom } from './random.ts';

describe('open-model arrivals (Poisson)', () => {
  it('starts the same number of journeys at the same times for the same seed', () => {
    const first = arrivalTimesMs(20, createRandom(7));
    const second = arrivalTimesMs(20, createRandom(7));
    const a = Array.from({ length: 50 }, () => first.next().value);
    const b = Array.from({ length: 50 }, () => second.next().value);
    expect(a).toEqual(b);
    expect(countArrivals(20, 60_000, createRandom(7))).toBe(countArrivals(20, 60_000, createRandom(7)));
    expect(countArrivals(20, 60_000, createRandom(8))).not.toBe(countArrivals(20, 60_000, createRandom(7)));
  });

  it('averages the asked rate: 20/s for 60 s is 1200 arrivals, within 5 standard deviations for every seed', () => {
    // A Poisson count of mean 1200 has a standard deviation of sqrt(1200) ≈ 34.6.
    for (let seed = 1; seed <= 30; seed++) {
      const count = countArrivals(20, 60_000, createRandom(seed));
      expect(count, `seed ${seed}`).toBeGreaterThanOrEqual(1027);
      expect(count, `seed ${seed}`).toBeLessThanOrEqual(1373);
    }
  });

  it('is bursty like real arrivals: counts per second vary about as much as their mean (not a metronome)', () => {
    const perSecond = new Array<number>(600).fill(0);
    for (const at of arrivalTimesMs(10, createRandom(3))) {
      if (at >= 600_000) break;
      perSecond[Math.floor(at / 1000)]! += 1;
    }
    const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    const variance = perSecond.reduce((sum, n) => sum + (n - mean) ** 2, 0) / (perSecond.length - 1);
    expect(mean).toBeGreaterThan(9);
    expect(mean).toBeLessThan(11);
    // Poisson: variance / mean = 1. Evenly spaced arrivals would give 0.
    expect(variance / mean).toBeGreaterThan(0.8);
    expect(variance / mean).toBeLessThan(1.2);
  });
});

describe('think times', () => {
  it('average the mean, never exceed four times it, and are zero when switched off', () => {
    const random = createRandom(11);
    const pauses = Array.from({ length: 5_000 }, () => thinkTimeMs(1_000, random));
    const mean = pauses.reduce((a, b) => a + b, 0) / pauses.length;
    expect(Math.max(...pauses)).toBeLessThanOrEqual(4_000);
    // The cap trims the exponential's tail: the mean lands a little under 1000 (1 - e^-4 ≈ 0.98).
    expect(mean).toBeGreaterThan(900);
    expect(mean).toBeLessThan(1_050);
    expect(thinkTimeMs(0, random)).toBe(0);
  });
});
