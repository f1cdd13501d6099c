export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'unknown';

/** Card number as typed, with spaces and dashes removed. */
export const normaliseCardNumber = (number: string): string => number.replace(/[\s-]/g, '');

/** The Luhn checksum every real card number satisfies (catches most typos). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Brand from the number's prefix (IIN ranges): 4 visa, 51-55 and 2221-2720 mastercard, 34/37 amex. */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  return 'unknown';
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(expMonth: number, expYear: number, now = new Date()): boolean {
  return expYear * 12 + expMonth < now.getUTCFullYear() * 12 + (now.getUTCMonth() + 1);
}
