// A seeded random source. The same --seed gives the same arrival times, the same journey picks and
// the same choices inside each journey, so a run (and later a fault run on top of it) can be replayed.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One value, each with probability weight / sum of weights. */
  weighted<T>(items: ReadonlyArray<{ weight: number; value: T }>): T;
  /** Exponentially distributed with the given mean (Poisson gaps, think times). */
  exponential(mean: number): number;
  /**
   * An independent stream seeded from this one. Each journey gets its own, so what a journey does
   * depends only on its place in the sequence, never on how concurrent journeys interleave.
   */
  fork(): Random;
}

/** mulberry32: 32 bits of state, fast, and good enough for load shapes (not for cryptography). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: ReadonlyArray<{ weight: number; value: T }>): T {
      const total = items.reduce((sum, item) => sum + item.weight, 0);
      if (!(total > 0)) throw new Error('weights must add up to more than 0');
      let point = next() * total;
      for (const item of items) {
        point -= item.weight;
        if (point < 0) return item.value;
      }
      return items[items.length - 1]!.value;
    },
    // 1 - next() is in (0, 1]: never log(0).
    exponential: (mean) => -Math.log(1 - next()) * mean,
    fork: () => createRandom(Math.floor(next() * 4_294_967_296)),
  };
  return random;
}

/** A seed for runs that did not ask for one; printed, so the run can be replayed with --seed. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2_147_483_647) + 1;
}
