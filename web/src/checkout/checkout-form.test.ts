import { describe, expect, it } from 'vitest';
import { cardBrand, emptyCheckout, parcelWeightKg, parseExpiry, passesLuhn, toCheckoutRequest, validateCheckout, type CheckoutValues } from './checkout-form';

const now = new Date('2026-06-15T12:00:00Z');
const valid: CheckoutValues = {
  name: 'Ada Lovelace',
  line1: '12 Analytical Row',
  city: 'London',
  postalCode: 'N1 9GU',
  country: 'GB',
  shippingMethod: 'express',
  cardNumber: '4242 4242 4242 4242',
  expiry: '12/30',
  cvc: '123',
};

describe('checkout form validation', () => {
  it('accepts a complete form', () => {
    expect(validateCheckout(valid, now)).toEqual({});
  });

  it('names every missing field of an empty form', () => {
    const errors = validateCheckout(emptyCheckout, now);
    expect(Object.keys(errors).sort()).toEqual(['city', 'cardNumber', 'cvc', 'expiry', 'line1', 'name', 'postalCode', 'shippingMethod'].sort());
    expect(errors.name).toBe('Enter the full name.');
    expect(errors.shippingMethod).toBe('Choose a shipping method.');
  });

  it('rejects a card number that fails the Luhn check, has letters or the wrong length', () => {
    expect(validateCheckout({ ...valid, cardNumber: '4242 4242 4242 4241' }, now).cardNumber).toMatch(/not valid/);
    expect(validateCheckout({ ...valid, cardNumber: '4242abcd42424242' }, now).cardNumber).toMatch(/12 to 19 digits/);
    expect(validateCheckout({ ...valid, cardNumber: '4242' }, now).cardNumber).toMatch(/12 to 19 digits/);
  });

  it('accepts the declining test card: the decline is the payment service’s answer, not a typo', () => {
    expect(validateCheckout({ ...valid, cardNumber: '4000000000000002' }, now)).toEqual({});
  });

  it('rejects an expiry in the past or in another format, and accepts the current month', () => {
    expect(validateCheckout({ ...valid, expiry: '05/26' }, now).expiry).toBe('This card has expired.');
    expect(validateCheckout({ ...valid, expiry: '06/26' }, now).expiry).toBeUndefined();
    expect(validateCheckout({ ...valid, expiry: '13/30' }, now).expiry).toBe('Use the format MM/YY.');
    expect(validateCheckout({ ...valid, expiry: '2030-12' }, now).expiry).toBe('Use the format MM/YY.');
  });

  it('rejects a bad security code, an unknown country and markup in the postal code', () => {
    expect(validateCheckout({ ...valid, cvc: '12' }, now).cvc).toMatch(/3 or 4 digits/);
    expect(validateCheckout({ ...valid, cvc: '12a' }, now).cvc).toMatch(/3 or 4 digits/);
    expect(validateCheckout({ ...valid, country: 'XX' }, now).country).toMatch(/country/);
    expect(validateCheckout({ ...valid, postalCode: '<script>' }, now).postalCode).toMatch(/letters, digits/);
    expect(validateCheckout({ ...valid, postalCode: '---' }, now).postalCode).toMatch(/at least one letter or digit/);
    expect(validateCheckout({ ...valid, name: 'x'.repeat(101) }, now).name).toMatch(/too long/);
  });

  it('builds the API request with digits only and a four-digit year', () => {
    expect(toCheckoutRequest(valid)).toEqual({
      shippingAddress: { name: 'Ada Lovelace', line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
      shippingMethod: 'express',
      payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' },
    });
    expect(() => toCheckoutRequest(emptyCheckout)).toThrow();
  });

  it('reads expiry dates and Luhn like the payment service does', () => {
    expect(parseExpiry('1 / 2031')).toEqual({ month: 1, year: 2031 });
    expect(parseExpiry('00/30')).toBeUndefined();
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('')).toBe(false);
  });

  it("names the card's brand by the payment service's prefixes, 'card' when it has none", () => {
    expect(cardBrand('4242 4242 4242 4242')).toBe('visa');
    expect(cardBrand('2221-0000-0000-0009')).toBe('mastercard');
    expect(cardBrand('3714 496353 98431')).toBe('amex');
    expect(cardBrand('2200 0000 0000 0000')).toBe('card');
    expect(cardBrand('6011 1111 1111 1117')).toBe('card');
  });

  it('estimates the parcel weight the way the order service does (0.5 kg per item)', () => {
    expect(parcelWeightKg(0)).toBe(0.5);
    expect(parcelWeightKg(3)).toBe(1.5);
  });
});
