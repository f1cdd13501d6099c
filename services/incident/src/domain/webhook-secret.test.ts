import { describe, expect, it } from 'vitest';
import { secretMatches } from './webhook-secret';

const SECRET = 'Vq3cJ8m1xZtR0pLk2s9dNfYw4hGbTe6A7uCiOoMnQlE';

describe('the webhook secret', () => {
  it('accepts the exact secret only', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET} `, SECRET)).toBe(false);
    expect(secretMatches(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(secretMatches(SECRET.toLowerCase(), SECRET)).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(secretMatches(undefined, SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
  });
});
