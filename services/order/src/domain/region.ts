/**
 * The sales region of an order, from its shipping country (ISO 3166-1 alpha-2, as the contracts store
 * it): the `region` tag of the order metrics, for the executive dashboard's "orders by region". Five
 * values only, so the tag stays low-cardinality whatever country an order ships to.
 *
 * Regions are where the parcel goes, by country code, not by sovereignty: Puerto Rico (PR), French
 * Guiana (GF) or Greenland (GL) are in the Americas, so `latam`; European countries outside the EU/EEA
 * other than GB and CH (Serbia, Ukraine, Turkey, Andorra, Monaco, the Channel Islands...) are `other`.
 */
export const REGIONS = ['na', 'eu', 'apac', 'latam', 'other'] as const;
export type Region = (typeof REGIONS)[number];

/** The countries of each region but `other`, which is every code not listed here. */
export const REGION_COUNTRIES: Readonly<Record<Exclude<Region, 'other'>, readonly string[]>> = {
  na: ['US', 'CA', 'MX'],
  eu: [
    // The 27 EU member states.
    'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
    // The rest of the EEA, and the two the shop sells to on the same terms.
    'IS', 'LI', 'NO', 'GB', 'CH',
  ],
  apac: [
    // East Asia.
    'CN', 'HK', 'MO', 'TW', 'JP', 'KR', 'KP', 'MN',
    // South-East Asia.
    'SG', 'MY', 'TH', 'ID', 'PH', 'VN', 'KH', 'LA', 'MM', 'BN', 'TL',
    // South Asia.
    'IN', 'PK', 'BD', 'LK', 'NP', 'BT', 'MV',
    // Oceania.
    'AU', 'NZ', 'PG', 'FJ', 'SB', 'VU', 'NC', 'PF', 'WS', 'AS', 'TO', 'KI', 'TV', 'NR', 'PW', 'FM', 'MH', 'GU', 'MP', 'CK', 'NU', 'TK', 'WF', 'PN', 'NF', 'CX', 'CC',
  ],
  latam: [
    // Central America.
    'BZ', 'CR', 'SV', 'GT', 'HN', 'NI', 'PA',
    // South America.
    'AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'GY', 'PY', 'PE', 'SR', 'UY', 'VE', 'GF', 'FK', 'GS',
    // The Caribbean.
    'AG', 'AI', 'AW', 'BB', 'BL', 'BQ', 'BS', 'CU', 'CW', 'DM', 'DO', 'GD', 'GP', 'HT', 'JM', 'KN', 'KY', 'LC', 'MF', 'MQ', 'MS', 'PR', 'SX', 'TC', 'TT', 'VC', 'VG', 'VI',
    // The rest of North America outside US, CA and MX.
    'BM', 'GL', 'PM',
  ],
};

const REGION_BY_COUNTRY: ReadonlyMap<string, Region> = new Map(
  (Object.entries(REGION_COUNTRIES) as Array<[Region, readonly string[]]>).flatMap(([region, countries]) => countries.map((country) => [country, region] as const)),
);

/** The region of a shipping country; `other` for any code not listed (or not a code at all). */
export function regionOf(country: string): Region {
  return REGION_BY_COUNTRY.get(country.trim().toUpperCase()) ?? 'other';
}
