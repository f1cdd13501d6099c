import { SHIPPING_METHODS, type ShippingMethod, type ShippingQuote } from '@shopfast/contracts';

/**
 * Shipping prices: a fixed table by zone and method, plus a price per started kilogram.
 * Deterministic on purpose: the same address and weight always get the same quote.
 * Methods and quotes are the contract's (ShippingMethod, ShippingQuote in @shopfast/contracts).
 */
export type Zone = 'domestic' | 'eu' | 'international';

const HOME_COUNTRY = 'US';
const EU_COUNTRIES = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

/** Prices in cents, so sums stay exact. */
const RATES: Record<Zone, Record<ShippingMethod, { baseCents: number; perKgCents: number; estimatedDays: number }>> = {
  domestic: { standard: { baseCents: 499, perKgCents: 50, estimatedDays: 5 }, express: { baseCents: 1499, perKgCents: 125, estimatedDays: 2 } },
  eu: { standard: { baseCents: 999, perKgCents: 150, estimatedDays: 7 }, express: { baseCents: 2999, perKgCents: 300, estimatedDays: 3 } },
  international: { standard: { baseCents: 1999, perKgCents: 300, estimatedDays: 12 }, express: { baseCents: 4999, perKgCents: 600, estimatedDays: 5 } },
};

export function zoneOf(country: string): Zone {
  if (country === HOME_COUNTRY) return 'domestic';
  return EU_COUNTRIES.has(country) ? 'eu' : 'international';
}

export function quotesFor(country: string, weightKg: number): ShippingQuote[] {
  const zone = zoneOf(country);
  const startedKg = Math.ceil(weightKg);
  return SHIPPING_METHODS.map((method) => {
    const rate = RATES[zone][method];
    return { method, amount: (rate.baseCents + rate.perKgCents * startedKg) / 100, currency: 'USD', estimatedDays: rate.estimatedDays };
  });
}
