import { describe, expect, it } from 'vitest';
import { cardBrand } from './card';

// Luhn, normalisation and expiry are the contract's (packages/contracts/src/card.test.ts).
describe('card brand', () => {
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
});
