import { describe, expect, it } from 'vitest';
import { carrierFor, newTrackingNumber, nextStatus } from './shipment-lifecycle';
import { quotesFor, zoneOf } from './shipping-rates';

describe('shipping zones and prices', () => {
  it('puts the US at home, EU members in the EU zone and everything else abroad', () => {
    expect(zoneOf('US')).toBe('domestic');
    expect(zoneOf('DE')).toBe('eu');
    expect(zoneOf('SE')).toBe('eu');
    expect(zoneOf('GB')).toBe('international');
    expect(zoneOf('JP')).toBe('international');
  });

  it('prices a base plus every started kilogram, standard cheaper and slower than express', () => {
    expect(quotesFor('US', 2.5)).toEqual([
      { method: 'standard', amount: 6.49, currency: 'USD', estimatedDays: 5 },
      { method: 'express', amount: 18.74, currency: 'USD', estimatedDays: 2 },
    ]);
    expect(quotesFor('US', 3)).toEqual(quotesFor('US', 2.01));
    expect(quotesFor('FR', 1)[0]).toEqual({ method: 'standard', amount: 11.49, currency: 'USD', estimatedDays: 7 });
    expect(quotesFor('BR', 0.2)[1]).toEqual({ method: 'express', amount: 55.99, currency: 'USD', estimatedDays: 5 });
  });

  it('charges more the farther the parcel goes', () => {
    const [home, eu, abroad] = ['US', 'IT', 'AU'].map((country) => quotesFor(country, 4)[0]!.amount);
    expect(home).toBeLessThan(eu!);
    expect(eu).toBeLessThan(abroad!);
  });

  it('keeps amounts to two decimals even for heavy parcels', () => {
    for (const quote of quotesFor('CA', 999.99)) expect(Math.round(quote.amount * 100) / 100).toBe(quote.amount);
  });
});

describe('shipment lifecycle', () => {
  it('picks the carrier from the method', () => {
    expect(carrierFor('standard')).toBe('USPS');
    expect(carrierFor('express')).toBe('FedEx');
  });

  it('makes tracking numbers of SF and ten digits, derived from the uuid', () => {
    const uuid = '123e4567-e89b-42d3-a456-426614174000';
    expect(newTrackingNumber(uuid)).toMatch(/^SF\d{10}$/);
    expect(newTrackingNumber(uuid)).toBe(newTrackingNumber(uuid));
    expect(newTrackingNumber()).not.toBe(newTrackingNumber());
    expect(newTrackingNumber('00000000-0000-0000-0000-000000000001')).toBe('SF0000000001');
  });

  it('moves label_created to in_transit to delivered, and stops there', () => {
    expect(nextStatus('label_created')).toBe('in_transit');
    expect(nextStatus('in_transit')).toBe('delivered');
    expect(nextStatus('delivered')).toBeNull();
  });
});
