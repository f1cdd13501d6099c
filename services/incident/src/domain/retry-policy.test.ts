import { describe, expect, it } from 'vitest';
import { afterFailure } from './retry-policy';

const policy = { baseMs: 1_000, maxMs: 300_000, maxAttempts: 30 };

describe('retrying a failed action', () => {
  it('waits twice as long after every failed attempt, up to the longest wait', () => {
    expect([1, 2, 3, 4, 9, 10, 11, 29].map((attempts) => afterFailure(policy, attempts, true))).toEqual([
      { retry: true, delayMs: 1_000 },
      { retry: true, delayMs: 2_000 },
      { retry: true, delayMs: 4_000 },
      { retry: true, delayMs: 8_000 },
      { retry: true, delayMs: 256_000 },
      { retry: true, delayMs: 300_000 },
      { retry: true, delayMs: 300_000 },
      { retry: true, delayMs: 300_000 },
    ]);
  });

  it('gives up after the last attempt, and at once on a failure that is not worth retrying', () => {
    expect(afterFailure(policy, 30, true)).toEqual({ retry: false });
    expect(afterFailure(policy, 1, false)).toEqual({ retry: false });
  });
});
