import { z } from 'zod';

/**
 * The card rules, in one place for the storefront (before anything is sent), the order service (before
 * any order or stock is touched) and the payment service (before the bank is asked). Messages are fixed
 * strings: validate() copies only path and message, so no card number or CVC reaches a response or a log.
 */

/** Card number as typed, with spaces and dashes removed. */
export const normaliseCardNumber = (number: string): string => number.replace(/[\s-]/g, '');

/** The Luhn checksum every real card number satisfies (catches most typos). Digits only; '' fails. */
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

/** A card is valid through the last day of its expiry month (UTC). */
export function isCardExpired(expMonth: number, expYear: number, now = new Date()): boolean {
  return expYear * 12 + expMonth < now.getUTCFullYear() * 12 + (now.getUTCMonth() + 1);
}

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'unknown'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/**
 * Brand from the number's prefix (IIN ranges): 4 visa, 51-55 and 2221-2720 mastercard, 34/37 amex, else
 * unknown. The payment service records it with the charge; the storefront shows it while the number is
 * typed, so both name a card alike. Reads digits only (normalise first).
 */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  return 'unknown';
}

/** The number as typed, normalised (spaces and dashes removed), then 12 to 19 digits passing Luhn. */
export const cardNumber = z
  .string({ error: 'must be a string of digits' })
  .transform(normaliseCardNumber)
  .pipe(z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits').refine(passesLuhn, 'is not a valid card number (Luhn check)'))
  .meta({ description: 'Card number; spaces and dashes are ignored. 12 to 19 digits passing the Luhn check.' });

export const cardExpMonth = z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be 1-12').max(12, 'must be 1-12');
export const cardExpYear = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(2000, 'must be a four-digit year')
  .max(2100, 'must be a four-digit year');
export const cardCvc = z.string({ error: 'must be a string of 3 or 4 digits' }).regex(/^\d{3,4}$/, 'must be 3 or 4 digits');

const notExpired = (card: { expMonth: number; expYear: number }) => !isCardExpired(card.expMonth, card.expYear);
const EXPIRED = { message: 'the card has expired', path: ['expYear'] };

/** A card as the payment service takes it (POST /charges `card`). */
export const card = z
  .object({ number: cardNumber, expMonth: cardExpMonth, expYear: cardExpYear, cvc: cardCvc })
  .strict()
  .refine(notExpired, EXPIRED)
  .meta({ id: 'Card', description: 'Internal: the card of a charge. Never logged or stored beyond brand and last four digits.' });
export type Card = z.infer<typeof card>;

/**
 * The same card as the public checkout names its fields (`payment` of POST /api/checkout): the same
 * field schemas and expiry rule as `card`, under the public API's names.
 */
export const checkoutPayment = z
  .object({ cardNumber, expMonth: cardExpMonth, expYear: cardExpYear, cvc: cardCvc })
  .strict()
  .refine(notExpired, EXPIRED)
  .meta({ id: 'CheckoutPayment', description: 'The card paying for a checkout; not expired (valid through its expiry month).' });
export type CheckoutPayment = z.infer<typeof checkoutPayment>;
