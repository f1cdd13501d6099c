import { describe, expect, it } from 'vitest';
import { cardBrand, isExpired, normaliseCardNumber, passesLuhn } from './card';

describe('card checks', () => {
  it('accepts numbers that pass the Luhn check and refuses one typo', () => {
    for (const number of ['4242424242424242', '4000000000000002', '4000000000009995', '5555555555554444', '378282246310005', '2223003122003222']) {
      expect(passesLuhn(number), number).toBe(true);
    }
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('4242 4242')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });

  it('names the brand from the prefix', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5105105105105100')).toBe('mastercard');
    expect(cardBrand('2720990000000000')).toBe('mastercard');
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('2721000000000000')).toBe('unknown');
    expect(cardBrand('340000000000009')).toBe('amex');
    expect(cardBrand('371449635398431')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('unknown');
  });

  it('treats a card as valid until the end of its expiry month', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(isExpired(11, 2026, now)).toBe(false);
    expect(isExpired(10, 2026, now)).toBe(true);
    expect(isExpired(1, 2027, now)).toBe(false);
    expect(isExpired(12, 2025, now)).toBe(true);
  });

  it('drops spaces and dashes typed in a number', () => {
    expect(normaliseCardNumber('4242 4242-4242 4242')).toBe('4242424242424242');
  });
});
