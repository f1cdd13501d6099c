export function formatMoney(amount: number, currency = 'USD'): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export function Money({ amount, currency }: { amount: number; currency?: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

export function Rating({ value }: { value: number }) {
  const filled = Math.min(5, Math.max(0, Math.round(value)));
  const stars = '★'.repeat(filled) + '☆'.repeat(5 - filled);
  return (
    <span className="rating" aria-label={`Rated ${value.toFixed(1)} out of 5`}>
      <span aria-hidden="true">{stars}</span> <span className="rating__value">{value.toFixed(1)}</span>
    </span>
  );
}

export const titleCase = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);
