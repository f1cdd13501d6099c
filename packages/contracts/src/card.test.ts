import { describe, expect, it } from 'vitest';
import { card, cardBrand, cardNumber, checkoutPayment, isCardExpired, normaliseCardNumber, passesLuhn } from './card';

const problems = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

const valid = { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' };

describe('Luhn check', () => {
  it('accepts numbers that pass the Luhn check and refuses one typo', () => {
    for (const number of ['4242424242424242', '4000000000000002', '4000000000009995', '5555555555554444', '378282246310005', '2223003122003222']) {
      expect(passesLuhn(number), number).toBe(true);
    }
    expect(passesLuhn('4242424242424241')).toBe(false);
  });

  it('refuses anything that is not only digits, and the empty string', () => {
    expect(passesLuhn('4242 4242')).toBe(false);
    expect(passesLuhn('42a2')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('card number', () => {
  it('drops spaces and dashes typed in a number', () => {
    expect(normaliseCardNumber('4242 4242-4242 4242')).toBe('4242424242424242');
    expect(cardNumber.parse('4242 4242-4242 4242')).toBe('4242424242424242');
  });

  it('wants 12 to 19 digits', () => {
    expect(cardNumber.safeParse('4242').success).toBe(false);
    expect(problems(cardNumber.safeParse('4242abcd42424242'))).toContain(': must be 12 to 19 digits');
    expect(problems(cardNumber.safeParse('4'.repeat(20)))).toContain(': must be 12 to 19 digits');
    // 12 and 19 digits are both card lengths (these pass Luhn).
    expect(cardNumber.safeParse('000000000000').success).toBe(true);
    expect(cardNumber.safeParse('4000000000000000006').success).toBe(true);
  });

  it('names a number of the right length that fails Luhn, without echoing it', () => {
    const result = cardNumber.safeParse('4242 4242 4242 4241');
    expect(problems(result)).toEqual([': is not a valid card number (Luhn check)']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('4241');
  });

  it('refuses a number that is not a string', () => {
    expect(problems(cardNumber.safeParse(4242424242424242))).toEqual([': must be a string of digits']);
  });
});

describe('card expiry', () => {
  it('treats a card as valid until the end of its expiry month (UTC)', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(isCardExpired(11, 2026, now)).toBe(false);
    expect(isCardExpired(10, 2026, now)).toBe(true);
    expect(isCardExpired(1, 2027, now)).toBe(false);
    expect(isCardExpired(12, 2025, now)).toBe(true);
    expect(isCardExpired(11, 2026, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(isCardExpired(11, 2026, new Date('2026-12-01T00:00:00Z'))).toBe(true);
  });

  it('refuses an expired card on expYear, and months or years out of range', () => {
    expect(problems(card.safeParse({ ...valid, expMonth: 1, expYear: 2001 }))).toEqual(['expYear: the card has expired']);
    expect(problems(card.safeParse({ ...valid, expMonth: 13 }))).toEqual(['expMonth: must be 1-12']);
    expect(problems(card.safeParse({ ...valid, expMonth: 0 }))).toEqual(['expMonth: must be 1-12']);
    expect(problems(card.safeParse({ ...valid, expYear: 2101 }))).toEqual(['expYear: must be a four-digit year']);
    expect(problems(card.safeParse({ ...valid, expMonth: 1.5 }))).toEqual(['expMonth: must be an integer']);
  });
});

describe('card schema', () => {
  it('accepts a valid card and hands back the number as digits only', () => {
    expect(card.parse({ ...valid, number: '4242-4242-4242-4242' })).toEqual(valid);
  });

  it('wants a cvc of 3 or 4 digits', () => {
    expect(card.safeParse({ ...valid, cvc: '1234' }).success).toBe(true);
    expect(problems(card.safeParse({ ...valid, cvc: '12' }))).toEqual(['cvc: must be 3 or 4 digits']);
    expect(problems(card.safeParse({ ...valid, cvc: '12a' }))).toEqual(['cvc: must be 3 or 4 digits']);
  });

  it('refuses unknown fields', () => {
    expect(card.safeParse({ ...valid, pin: '0000' }).success).toBe(false);
  });

  it('applies the same rules under the checkout names (cardNumber)', () => {
    const { number, ...rest } = valid;
    expect(checkoutPayment.parse({ ...rest, cardNumber: '4242 4242 4242 4242' })).toEqual({ ...rest, cardNumber: number });
    expect(problems(checkoutPayment.safeParse({ ...rest, cardNumber: '4242424242424241' }))).toEqual(['cardNumber: is not a valid card number (Luhn check)']);
    expect(problems(checkoutPayment.safeParse({ ...rest, cardNumber: number, expMonth: 1, expYear: 2001 }))).toEqual(['expYear: the card has expired']);
  });
});

describe('card brand', () => {
  it('names the brand from the IIN prefix: 4 visa, 51-55 and 2221-2720 mastercard, 34 and 37 amex', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5105105105105100')).toBe('mastercard');
    expect(cardBrand('5500000000000004')).toBe('mastercard');
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('2720990000000000')).toBe('mastercard');
    expect(cardBrand('340000000000009')).toBe('amex');
    expect(cardBrand('371449635398431')).toBe('amex');
  });

  it('calls every other prefix unknown, including the edges of the mastercard ranges', () => {
    for (const digits of ['2220990000000000', '2721000000000000', '5000000000000000', '5600000000000000', '3530111333300000', '6011111111111117', '']) {
      expect(cardBrand(digits), digits).toBe('unknown');
    }
  });
});
