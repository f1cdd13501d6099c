// Checkout form rules, checked in the browser before anything is sent. The payment service checks
// again (Luhn, expiry, cvc): this only saves the customer a round trip and says what to fix.
import type { CheckoutRequest, ShippingMethod } from '../api/types';

export interface CheckoutValues {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  shippingMethod: ShippingMethod | '';
  cardNumber: string;
  /** MM/YY */
  expiry: string;
  cvc: string;
}

export type CheckoutErrors = Partial<Record<keyof CheckoutValues, string>>;

export const COUNTRIES: Array<{ code: string; name: string }> = [
  { code: 'US', name: 'United States' },
  { code: 'CA', name: 'Canada' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'IE', name: 'Ireland' },
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'ES', name: 'Spain' },
  { code: 'IT', name: 'Italy' },
  { code: 'SE', name: 'Sweden' },
  { code: 'AU', name: 'Australia' },
  { code: 'JP', name: 'Japan' },
];

export const emptyCheckout: CheckoutValues = {
  name: '',
  line1: '',
  city: '',
  postalCode: '',
  country: 'US',
  shippingMethod: '',
  cardNumber: '',
  expiry: '',
  cvc: '',
};

export const digitsOf = (value: string): string => value.replace(/[\s-]/g, '');

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** "MM/YY" (or "MM / YYYY") to month and four-digit year; undefined when unreadable. */
export function parseExpiry(value: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { month, year };
}

export function cardBrand(number: string): string {
  const digits = digitsOf(number);
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
}

export function validateCheckout(values: CheckoutValues, now = new Date()): CheckoutErrors {
  const errors: CheckoutErrors = {};
  const required = (key: keyof CheckoutValues, label: string, max: number) => {
    const value = values[key].trim();
    if (!value) errors[key] = `Enter ${label}.`;
    else if (value.length > max) errors[key] = `${label[0]!.toUpperCase()}${label.slice(1)} is too long (at most ${max} characters).`;
  };
  required('name', 'the full name', 100);
  required('line1', 'the street address', 200);
  required('city', 'the city', 100);
  required('postalCode', 'the postal code', 12);
  if (!errors.postalCode && !/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(values.postalCode.trim())) {
    errors.postalCode = 'Use letters, digits, spaces or dashes.';
  }
  if (!COUNTRIES.some((c) => c.code === values.country)) errors.country = 'Choose a country we ship to.';
  if (values.shippingMethod !== 'standard' && values.shippingMethod !== 'express') errors.shippingMethod = 'Choose a shipping method.';

  const digits = digitsOf(values.cardNumber);
  if (!digits) errors.cardNumber = 'Enter the card number.';
  else if (!/^\d{12,19}$/.test(digits)) errors.cardNumber = 'A card number has 12 to 19 digits.';
  else if (!passesLuhn(digits)) errors.cardNumber = 'This card number is not valid. Check for a typo.';

  const expiry = parseExpiry(values.expiry);
  if (!values.expiry.trim()) errors.expiry = 'Enter the expiry date (MM/YY).';
  else if (!expiry) errors.expiry = 'Use the format MM/YY.';
  else if (expiry.year < now.getFullYear() || (expiry.year === now.getFullYear() && expiry.month < now.getMonth() + 1)) {
    errors.expiry = 'This card has expired.';
  }

  if (!/^\d{3,4}$/.test(values.cvc.trim())) errors.cvc = 'The security code is 3 or 4 digits.';
  return errors;
}

export function toCheckoutRequest(values: CheckoutValues): CheckoutRequest {
  const expiry = parseExpiry(values.expiry);
  if (!expiry || (values.shippingMethod !== 'standard' && values.shippingMethod !== 'express')) {
    throw new Error('validate the form before building the request');
  }
  return {
    shippingAddress: {
      name: values.name.trim(),
      line1: values.line1.trim(),
      city: values.city.trim(),
      postalCode: values.postalCode.trim(),
      country: values.country,
    },
    shippingMethod: values.shippingMethod,
    payment: { cardNumber: digitsOf(values.cardNumber), expMonth: expiry.month, expYear: expiry.year, cvc: values.cvc.trim() },
  };
}

/** Parcel weight for quotes: the order service assumes 0.5 kg per item, so the quote shown matches. */
export const parcelWeightKg = (itemCount: number): number => Math.max(0.5, itemCount * 0.5);
