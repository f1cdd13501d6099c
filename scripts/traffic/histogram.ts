// Latency percentiles in constant memory. A run may last days (the compose profile runs until it is
// stopped), so samples are not kept: each value lands in a logarithmic bucket 2 % wide, and a
// percentile is read back with at most 2 % error (clamped to the smallest and largest value seen, so
// the extremes are exact).

const SMALLEST_MS = 0.1;
const GROWTH = 1.02;
/** Buckets up to 0.1 ms x 1.02^820 ≈ 11 million ms (3 hours): anything longer shares the last one. */
const BUCKETS = 821;
const LOG_GROWTH = Math.log(GROWTH);

export interface Histogram {
  record(valueMs: number): void;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** Nearest-rank percentile (0 < p <= 100); NaN when nothing was recorded. */
  percentile(p: number): number;
  /** Adds every value of `other` into this one (rolling windows, totals). */
  add(other: Histogram): void;
  reset(): void;
  /** Bucket counts, for add(); not meant for display. */
  readonly buckets: Uint32Array;
}

const bucketOf = (valueMs: number) => (valueMs <= SMALLEST_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(valueMs / SMALLEST_MS) / LOG_GROWTH)));
/** The largest value bucket i holds. */
const upperBoundOf = (index: number) => SMALLEST_MS * GROWTH ** index;

export function createHistogram(): Histogram {
  const buckets = new Uint32Array(BUCKETS);
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;

  return {
    buckets,
    get count() {
      return count;
    },
    get min() {
      return count === 0 ? NaN : min;
    },
    get max() {
      return count === 0 ? NaN : max;
    },
    get sum() {
      return sum;
    },
    record(valueMs) {
      if (!Number.isFinite(valueMs) || valueMs < 0) return;
      buckets[bucketOf(valueMs)]! += 1;
      count++;
      sum += valueMs;
      if (valueMs < min) min = valueMs;
      if (valueMs > max) max = valueMs;
    },
    percentile(p) {
      if (count === 0) return NaN;
      const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * count));
      if (rank === 1) return min;
      if (rank === count) return max;
      let seen = 0;
      for (let index = 0; index < BUCKETS; index++) {
        seen += buckets[index]!;
        if (seen < rank) continue;
        // The buckets of the extremes answer the extremes themselves: exact when every value is alike.
        if (index === bucketOf(min)) return min;
        if (index === bucketOf(max)) return max;
        return upperBoundOf(index);
      }
      return max;
    },
    add(other) {
      if (other.count === 0) return;
      for (let index = 0; index < BUCKETS; index++) buckets[index]! += other.buckets[index]!;
      count += other.count;
      sum += other.sum;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
    },
    reset() {
      buckets.fill(0);
      count = 0;
      min = Infinity;
      max = -Infinity;
      sum = 0;
    },
  };
}

/**
 * The last `slots` intervals of values (the live progress line's p95 "lately", not since the start):
 * rotate() once per interval drops the oldest slot.
 */
export function createRollingHistogram(slots: number) {
  const ring = Array.from({ length: slots }, () => createHistogram());
  let current = 0;
  return {
    record(valueMs: number) {
      ring[current]!.record(valueMs);
    },
    rotate() {
      current = (current + 1) % slots;
      ring[current]!.reset();
    },
    /** Every value of the window, merged into a fresh histogram. */
    merged(): Histogram {
      const all = createHistogram();
      for (const slot of ring) all.add(slot);
      return all;
    },
  };
}

export type RollingHistogram = ReturnType<typeof createRollingHistogram>;
