// When journeys start. Two models (docs/decisions/013-traffic-generator.md):
// - open: shoppers arrive on their own schedule, a Poisson process at `rate` per second, whether or
//   not the shop keeps up (a slow shop piles up journeys in flight, as it would in real life);
// - closed: a fixed number of virtual users, each starting its next journey only after the last one
//   ended and a pause (a slow shop gets fewer journeys, the classic load-test loop).
import type { Random } from './random.ts';

export type ArrivalModel = { kind: 'open'; rate: number } | { kind: 'closed'; users: number };

/** Milliseconds to the next arrival of a Poisson process: exponential gaps with mean 1000 / rate. */
export function nextArrivalGapMs(rate: number, random: Random): number {
  return random.exponential(1000 / rate);
}

/** Arrival times (ms from the start) of a Poisson process at `rate` per second, forever. */
export function* arrivalTimesMs(rate: number, random: Random): Generator<number, never, void> {
  let at = 0;
  for (;;) {
    at += nextArrivalGapMs(rate, random);
    yield at;
  }
}

/** How many arrivals fall in the first `windowMs`: what a run of that length starts, for a given seed. */
export function countArrivals(rate: number, windowMs: number, random: Random): number {
  let count = 0;
  for (const at of arrivalTimesMs(rate, random)) {
    if (at >= windowMs) return count;
    count++;
  }
  return count; // unreachable: the generator never ends
}

/**
 * A shopper's pause between two steps (reading a page, typing): exponential around the mean, capped
 * at four times the mean so one long pause never holds a journey for minutes.
 */
export function thinkTimeMs(meanMs: number, random: Random): number {
  if (meanMs <= 0) return 0;
  return Math.min(random.exponential(meanMs), meanMs * 4);
}

/**
 * The pause of a closed-model user between two journeys: a few think times, so N users make roughly
 * N / (journey time + pause) journeys per second.
 */
export function pacingMs(meanThinkMs: number, random: Random): number {
  return thinkTimeMs(meanThinkMs * 3, random);
}
