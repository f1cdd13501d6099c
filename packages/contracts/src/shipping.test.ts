import { describe, expect, it } from 'vitest';
import { shipment, shippingAddress, shippingMethod, shippingQuoteRequest } from './shipping';

const address = { name: 'Ada Lovelace', line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' };
const fields = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) => (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('shipping address', () => {
  it('accepts an address, trimming every field and upper-casing the country', () => {
    expect(shippingAddress.parse({ name: '  Ada Lovelace ', line1: '12 Analytical Row ', city: ' London', postalCode: ' N1 9GU ', country: ' gb ' })).toEqual(address);
  });

  it('names every missing or blank field', () => {
    expect(fields(shippingAddress.safeParse({ name: '   ', line1: '', city: 'London', postalCode: '', country: 'GB' })).sort()).toEqual(['line1', 'name', 'postalCode']);
    expect(fields(shippingAddress.safeParse({}))).toEqual(expect.arrayContaining(['name', 'line1', 'city', 'postalCode', 'country']));
  });

  it('keeps the length limits: name and city 100, street 200, postal code 16', () => {
    expect(shippingAddress.safeParse({ ...address, name: 'x'.repeat(100), city: 'y'.repeat(100), line1: 'z'.repeat(200), postalCode: '1'.repeat(16) }).success).toBe(true);
    expect(fields(shippingAddress.safeParse({ ...address, name: 'x'.repeat(101) }))).toEqual(['name']);
    expect(fields(shippingAddress.safeParse({ ...address, line1: 'z'.repeat(201) }))).toEqual(['line1']);
    expect(fields(shippingAddress.safeParse({ ...address, city: 'y'.repeat(101) }))).toEqual(['city']);
    expect(fields(shippingAddress.safeParse({ ...address, postalCode: '1'.repeat(17) }))).toEqual(['postalCode']);
  });

  it('refuses markup in the postal code and a country that is not two letters', () => {
    expect(fields(shippingAddress.safeParse({ ...address, postalCode: '<script>' }))).toEqual(['postalCode']);
    expect(fields(shippingAddress.safeParse({ ...address, country: 'GBR' }))).toEqual(['country']);
    expect(fields(shippingAddress.safeParse({ ...address, country: 'G1' }))).toEqual(['country']);
  });

  it('refuses fields it does not know', () => {
    expect(shippingAddress.safeParse({ ...address, line2: 'Flat 3' }).success).toBe(false);
  });
});

describe('shipping method', () => {
  it('is standard or express, nothing else', () => {
    expect(shippingMethod.options).toEqual(['standard', 'express']);
    expect(shippingMethod.safeParse('teleport').success).toBe(false);
  });
});

describe('shipping quote request', () => {
  it('wants a two-letter country, a postal code with a letter or digit, and a positive weight up to 1000 kg', () => {
    expect(shippingQuoteRequest.safeParse({ country: 'US', postalCode: '12345', weightKg: 1000 }).success).toBe(true);
    expect(fields(shippingQuoteRequest.safeParse({ country: 'USA', postalCode: '12345', weightKg: 1 }))).toEqual(['country']);
    expect(fields(shippingQuoteRequest.safeParse({ country: 'US', postalCode: ' - ', weightKg: 1 }))).toEqual(['postalCode']);
    expect(fields(shippingQuoteRequest.safeParse({ country: 'US', postalCode: '12345', weightKg: 0 }))).toEqual(['weightKg']);
    expect(fields(shippingQuoteRequest.safeParse({ country: 'US', postalCode: '12345', weightKg: 1000.5 }))).toEqual(['weightKg']);
  });

  it('reads country and postal code as the checkout address does: trimmed, country upper-cased', () => {
    expect(shippingQuoteRequest.parse({ country: ' gb ', postalCode: ' 12345 ', weightKg: 1 })).toEqual({ country: 'GB', postalCode: '12345', weightKg: 1 });
    expect(shippingAddress.parse({ ...address, country: ' gb ', postalCode: ' 12345 ' })).toMatchObject({ country: 'GB', postalCode: '12345' });
  });

  it.each(['---', '   ', '', '<script>', '1'.repeat(17), 'N1\n9GU'])('refuses the postal code %j in a quote and at checkout alike', (postalCode) => {
    expect(fields(shippingQuoteRequest.safeParse({ country: 'GB', postalCode, weightKg: 1 }))).toEqual(['postalCode']);
    expect(fields(shippingAddress.safeParse({ ...address, postalCode }))).toEqual(['postalCode']);
  });
});

describe('shipment', () => {
  it('reads a shipment with its history and refuses an unknown status', () => {
    const body = { orderId: 'o-1', carrier: 'USPS', trackingNumber: 'SF0000000001', status: 'in_transit', history: [{ status: 'label_created', at: '2026-01-01T00:00:00.000Z' }] };
    expect(shipment.parse(body)).toEqual(body);
    expect(shipment.safeParse({ ...body, status: 'lost' }).success).toBe(false);
  });
});
