// Checkout form rules, checked in the browser before anything is sent: the contract's own schemas (the
// ones the order and payment services check the request with), so the form never accepts what the API
// refuses. This only saves the customer a round trip; the messages here say what to fix in plain words.
import {
  cardBrand as brandOf,
  cardCvc,
  cardExpMonth,
  cardExpYear,
  cardNumber,
  checkoutRequest,
  isCardExpired,
  normaliseCardNumber,
  shippingAddress,
  shippingMethod,
  type CardBrand,
} from '@shopfast/contracts';
import type { CheckoutRequest, ShippingMethod } from '../api/types';

export { passesLuhn } from '@shopfast/contracts';

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

/** The card number as the API reads it: spaces and dashes removed. */
export const digitsOf = normaliseCardNumber;

/** "MM/YY" (or "MM / YYYY") to month and four-digit year; undefined when unreadable. */
export function parseExpiry(value: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (!cardExpMonth.safeParse(month).success || !cardExpYear.safeParse(year).success) return undefined;
  return { month, year };
}

/** The brand of the number as typed, by the payment service's own IIN rules; 'card' when none is known. */
export function cardBrand(number: string): Exclude<CardBrand, 'unknown'> | 'card' {
  const brand = brandOf(digitsOf(number));
  return brand === 'unknown' ? 'card' : brand;
}

type AddressField = 'name' | 'line1' | 'city' | 'postalCode';
const ADDRESS_LABELS: Record<AddressField, string> = { name: 'the full name', line1: 'the street address', city: 'the city', postalCode: 'the postal code' };

/** The address checked with the contract's schema, each refused field told in the customer's words. */
function addressErrors(values: CheckoutValues, errors: CheckoutErrors): void {
  const { name, line1, city, postalCode, country } = values;
  const result = shippingAddress.safeParse({ name, line1, city, postalCode, country });
  const issues = result.success ? [] : result.error.issues;
  for (const field of Object.keys(ADDRESS_LABELS) as AddressField[]) {
    const issue = issues.find((candidate) => candidate.path[0] === field);
    if (!issue) continue;
    const label = ADDRESS_LABELS[field];
    if (!values[field].trim()) errors[field] = `Enter ${label}.`;
    else if (issue.code === 'too_big') errors[field] = `${label[0]!.toUpperCase()}${label.slice(1)} is too long (at most ${String(issue.maximum)} characters).`;
    else errors[field] = 'Use letters, digits, spaces or dashes, with at least one letter or digit (at most 16).';
  }
  if (issues.some((issue) => issue.path[0] === 'country') || !COUNTRIES.some((c) => c.code === country)) errors.country = 'Choose a country we ship to.';
}

function cardErrors(values: CheckoutValues, now: Date, errors: CheckoutErrors): void {
  const number = cardNumber.safeParse(values.cardNumber);
  if (!digitsOf(values.cardNumber)) errors.cardNumber = 'Enter the card number.';
  else if (!number.success) {
    // The length check comes first; only a number of the right length can fail the Luhn check alone.
    errors.cardNumber = number.error.issues[0]!.code === 'custom' ? 'This card number is not valid. Check for a typo.' : 'A card number has 12 to 19 digits.';
  }

  const expiry = parseExpiry(values.expiry);
  if (!values.expiry.trim()) errors.expiry = 'Enter the expiry date (MM/YY).';
  else if (!expiry) errors.expiry = 'Use the format MM/YY.';
  else if (isCardExpired(expiry.month, expiry.year, now)) errors.expiry = 'This card has expired.';

  if (!cardCvc.safeParse(values.cvc.trim()).success) errors.cvc = 'The security code is 3 or 4 digits.';
}

export function validateCheckout(values: CheckoutValues, now = new Date()): CheckoutErrors {
  const errors: CheckoutErrors = {};
  addressErrors(values, errors);
  if (!shippingMethod.safeParse(values.shippingMethod).success) errors.shippingMethod = 'Choose a shipping method.';
  cardErrors(values, now, errors);
  return errors;
}

/** The request as the contract parses it (trimmed, digits only); throws on a form that was not validated. */
export function toCheckoutRequest(values: CheckoutValues): CheckoutRequest {
  const expiry = parseExpiry(values.expiry);
  if (!expiry) throw new Error('validate the form before building the request');
  return checkoutRequest.parse({
    shippingAddress: { name: values.name, line1: values.line1, city: values.city, postalCode: values.postalCode, country: values.country },
    shippingMethod: values.shippingMethod,
    payment: { cardNumber: values.cardNumber, expMonth: expiry.month, expYear: expiry.year, cvc: values.cvc.trim() },
  });
}

/** Parcel weight for quotes: the order service assumes 0.5 kg per item, so the quote shown matches. */
export const parcelWeightKg = (itemCount: number): number => Math.max(0.5, itemCount * 0.5);
