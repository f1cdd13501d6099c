/**
 * Payment-only card logic. The card rules every party shares (normalising, Luhn, expiry, the card
 * schema) are @shopfast/contracts' (card.ts there); re-exported so the domain reads one vocabulary.
 */
export { isCardExpired as isExpired, normaliseCardNumber, passesLuhn } from '@shopfast/contracts';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'unknown';

/** Brand from the number's prefix (IIN ranges): 4 visa, 51-55 and 2221-2720 mastercard, 34/37 amex. */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  return 'unknown';
}
