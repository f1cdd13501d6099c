import type { PgPool } from '@shopfast/stores';

/** Revenue of one currency over a window. */
export interface CurrencyRevenue {
  currency: string;
  total: number;
}

/** Checkout attempts that ended in a window, and how many of them ended confirmed. */
export interface AttemptCounts {
  attempts: number;
  confirmed: number;
}

/**
 * The shop-wide figures behind the business gauges, read from PostgreSQL rather than counted in memory,
 * so every replica of the order service reads the same numbers. Windows are measured on the database's
 * clock, never a replica's. Each query is one range scan of an index on the time column.
 */
export function createBusinessStatsStore(pool: PgPool) {
  return {
    /** Sum of the totals of the orders confirmed in the last `windowSeconds`, per currency (currencies with none are absent). */
    async revenueConfirmedWithin(windowSeconds: number): Promise<CurrencyRevenue[]> {
      const { rows } = await pool.query<{ currency: string; total: string }>(
        `SELECT currency, sum(total) AS total FROM orders
         WHERE confirmed_at > now() - make_interval(secs => $1)
         GROUP BY currency ORDER BY currency`,
        [windowSeconds],
      );
      return rows.map((row) => ({ currency: row.currency, total: Number(row.total) }));
    },

    /** Checkout attempts that ended in the last `windowSeconds` (checkout_attempts), and the confirmed ones among them. */
    async attemptsEndedWithin(windowSeconds: number): Promise<AttemptCounts> {
      const { rows } = await pool.query<AttemptCounts>(
        `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE outcome = 'confirmed')::int AS confirmed
         FROM checkout_attempts WHERE ended_at > now() - make_interval(secs => $1)`,
        [windowSeconds],
      );
      return rows[0] ?? { attempts: 0, confirmed: 0 };
    },
  };
}

export type BusinessStatsStore = ReturnType<typeof createBusinessStatsStore>;
