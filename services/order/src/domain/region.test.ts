import { describe, expect, it } from 'vitest';
import { REGION_COUNTRIES, REGIONS, regionOf } from './region';

describe('region of a shipping country', () => {
  it.each([
    ['US', 'na'],
    ['CA', 'na'],
    ['MX', 'na'],
    ['DE', 'eu'],
    ['FR', 'eu'],
    ['IS', 'eu'],
    ['NO', 'eu'],
    ['GB', 'eu'],
    ['CH', 'eu'],
    ['AU', 'apac'],
    ['NZ', 'apac'],
    ['JP', 'apac'],
    ['KR', 'apac'],
    ['CN', 'apac'],
    ['SG', 'apac'],
    ['IN', 'apac'],
    ['BR', 'latam'],
    ['AR', 'latam'],
    ['CL', 'latam'],
    ['PA', 'latam'],
    ['JM', 'latam'],
    ['PR', 'latam'],
    ['ZA', 'other'],
    ['AE', 'other'],
    ['TR', 'other'],
    ['UA', 'other'],
  ])('puts %s in %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });

  it('reads the code whatever its case or surrounding spaces', () => {
    expect(regionOf('us')).toBe('na');
    expect(regionOf('Gb')).toBe('eu');
    expect(regionOf(' jp ')).toBe('apac');
    expect(regionOf('br')).toBe('latam');
  });

  it('answers other for a code it does not know, or something that is not a code', () => {
    expect(regionOf('ZZ')).toBe('other');
    expect(regionOf('')).toBe('other');
    expect(regionOf('USA')).toBe('other');
  });

  it('lists each country once, as a two-letter upper-case code, in the region it answers', () => {
    const listed = Object.values(REGION_COUNTRIES).flat();
    expect(new Set(listed).size).toBe(listed.length);
    for (const country of listed) expect(country).toMatch(/^[A-Z]{2}$/);
    for (const [region, countries] of Object.entries(REGION_COUNTRIES)) for (const country of countries) expect(regionOf(country)).toBe(region);
  });

  it('has exactly five values, so the tag stays low-cardinality', () => {
    expect(REGIONS).toEqual(['na', 'eu', 'apac', 'latam', 'other']);
  });
});
