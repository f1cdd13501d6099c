/** How a failed action is retried: the wait doubles from `baseMs` up to `maxMs`, for `maxAttempts` attempts in all. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * What to do after attempt number `attempts` (from 1) failed: wait `delayMs` and try again, or give up.
 * A failure the channel will never accept (a 4xx) gives up at once.
 */
export function afterFailure(policy: RetryPolicy, attempts: number, retryable: boolean): { retry: true; delayMs: number } | { retry: false } {
  if (!retryable || attempts >= policy.maxAttempts) return { retry: false };
  const doublings = Math.min(Math.max(attempts - 1, 0), 30);
  return { retry: true, delayMs: Math.min(policy.maxMs, policy.baseMs * 2 ** doublings) };
}
