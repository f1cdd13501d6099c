import type { AttemptCounts, BusinessStatsStore, CurrencyRevenue } from '../store/business-stats-store';

/** ecommerce.revenue.per_minute: orders confirmed in the last minute. */
export const REVENUE_WINDOW_SECONDS = 60;
/** ecommerce.orders.conversion_rate: checkout attempts that ended in the last 15 minutes. */
export const CONVERSION_WINDOW_SECONDS = 15 * 60;

/** What the business gauges report at one moment, the same on every replica. */
export interface BusinessGaugeValues {
  /** Revenue of the last minute: every currency the shop sells in (0 when nothing sold), and any other that sold. */
  revenuePerMinute: CurrencyRevenue[];
  /** Percent (0-100, two decimals) of the last 15 minutes' attempts that ended confirmed; null when there was none. */
  conversionRatePercent: number | null;
}

/**
 * Every currency the shop sells in gets a value, 0 when nothing sold: a revenue drop must reach the
 * anomaly and forecast monitors as a drop to zero, not as a gap they would read as "no data".
 */
export function revenuePerCurrency(sold: CurrencyRevenue[], shopCurrencies: readonly string[]): CurrencyRevenue[] {
  const totals = new Map(shopCurrencies.map((currency) => [currency, 0]));
  for (const { currency, total } of sold) totals.set(currency, total);
  return [...totals].map(([currency, total]) => ({ currency, total }));
}

/** Confirmed share of the attempts, in percent; null without attempts (a rate of nothing is no data, not 0 %). */
export function conversionRatePercent({ attempts, confirmed }: AttemptCounts): number | null {
  if (attempts === 0) return null;
  return Math.round((confirmed / attempts) * 10_000) / 100;
}

/** Reads the business gauges' values from the store (PostgreSQL), so every replica reports the same. */
export function createBusinessGauges(deps: { stats: BusinessStatsStore; currencies: readonly string[] }) {
  return {
    async read(): Promise<BusinessGaugeValues> {
      const [sold, attempts] = await Promise.all([deps.stats.revenueConfirmedWithin(REVENUE_WINDOW_SECONDS), deps.stats.attemptsEndedWithin(CONVERSION_WINDOW_SECONDS)]);
      return { revenuePerMinute: revenuePerCurrency(sold, deps.currencies), conversionRatePercent: conversionRatePercent(attempts) };
    },
  };
}

export type BusinessGauges = ReturnType<typeof createBusinessGauges>;
