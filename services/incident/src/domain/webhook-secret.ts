import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether a delivery carries the webhook's secret. Compared in constant time over SHA-256 digests, so
 * neither the time taken nor an early length check tells a caller how much of a guess was right.
 */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '') return false;
  return timingSafeEqual(digest(given), digest(expected));
}
