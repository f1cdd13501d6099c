import { describe, expect, it } from 'vitest';
import * as contracts from '@shopfast/contracts';
import { cardBrand, isExpired, normaliseCardNumber, passesLuhn } from './card';

// The rules themselves are tested with the contract (packages/contracts/src/card.test.ts).
describe('card rules', () => {
  it("are the contract's own, so a charge names a brand as the storefront does", () => {
    expect(cardBrand).toBe(contracts.cardBrand);
    expect(isExpired).toBe(contracts.isCardExpired);
    expect(normaliseCardNumber).toBe(contracts.normaliseCardNumber);
    expect(passesLuhn).toBe(contracts.passesLuhn);
  });

  it('brands a normalised card number as the charge records it', () => {
    expect(cardBrand(normaliseCardNumber('5105 1051 0510 5100'))).toBe('mastercard');
    expect(cardBrand(normaliseCardNumber('6011-1111-1111-1117'))).toBe('unknown');
  });
});
