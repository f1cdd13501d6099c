import { createPeriodicTask, type Logger, type Metrics, type PeriodicTask } from '@shopfast/service-kit';
import type { BusinessGauges } from '../domain/business-gauges';

/**
 * Reports the business gauges every pass: ecommerce.revenue.per_minute per currency and
 * ecommerce.orders.conversion_rate (not sent when no checkout ended in its window). Every replica runs
 * this job and sends the same shop-wide values, read from PostgreSQL, so monitors aggregate them with
 * avg or max across replicas, never sum.
 */
export function createBusinessGaugesJob(deps: { gauges: BusinessGauges; metrics: Metrics; logger: Logger; intervalMs: number }): PeriodicTask & { pass: () => Promise<void> } {
  async function pass(): Promise<void> {
    const values = await deps.gauges.read();
    for (const { currency, total } of values.revenuePerMinute) deps.metrics.gauge('ecommerce.revenue.per_minute', total, { currency });
    if (values.conversionRatePercent !== null) deps.metrics.gauge('ecommerce.orders.conversion_rate', values.conversionRatePercent);
  }
  const task = createPeriodicTask({ name: 'business gauges', intervalMs: deps.intervalMs, logger: deps.logger, spanName: 'order.business_gauges', run: pass });
  return { ...task, pass };
}
