/** Money is added in integer cents so 0.1 + 0.2 never shows up on an invoice. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
