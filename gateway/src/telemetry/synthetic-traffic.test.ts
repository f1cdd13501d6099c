import { describe, expect, it } from 'vitest';
import { isSyntheticBaggage } from './synthetic-traffic';

describe('isSyntheticBaggage', () => {
  it('finds synthetic_request=true among other members, with properties and spaces', () => {
    expect(isSyntheticBaggage('synthetic_request=true')).toBe(true);
    expect(isSyntheticBaggage('user.id=42, synthetic_request = true ;ttl=1')).toBe(true);
    expect(isSyntheticBaggage('synthetic_request=tru%65')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isSyntheticBaggage(undefined)).toBe(false);
    expect(isSyntheticBaggage('')).toBe(false);
    expect(isSyntheticBaggage('synthetic_request=false')).toBe(false);
    expect(isSyntheticBaggage('xsynthetic_request=true')).toBe(false);
    expect(isSyntheticBaggage('synthetic_request')).toBe(false);
    expect(isSyntheticBaggage('synthetic_request=%E0%A4%A')).toBe(false);
  });
});
