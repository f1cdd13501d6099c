import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { leakCapMb } from './memory-leak.job';

const MB = 1024 * 1024;

describe('the memoryLeak cap', () => {
  it('is half of the heap limit in a container whose heap is small', () => {
    expect(leakCapMb(256 * MB)).toBe(128); // the 512 MB product container
    expect(leakCapMb(100 * MB)).toBe(50);
  });

  it('never exceeds 256 MB however large the heap', () => {
    expect(leakCapMb(4_144 * MB)).toBe(256);
    expect(leakCapMb(512 * MB)).toBe(256);
  });

  it('defaults to the running process heap limit, always leaving half of it free', () => {
    expect(leakCapMb()).toBe(leakCapMb(getHeapStatistics().heap_size_limit));
    expect(leakCapMb() * MB).toBeLessThanOrEqual(getHeapStatistics().heap_size_limit / 2);
  });
});
