// Executive business dashboard: money, conversion and customers, from the order and user services' business
// metrics (docs/telemetry.md). The brief's "orders by region and plan": the order service tags completed orders
// and revenue with `region` (na, eu, apac, latam, other, from the shipping country); ShopFast sells no plans, so
// the "plan" view is new versus returning customers (`customer_type`), and the widget says so. "Revenue today":
// Datadog's widget time frames are rolling (past 1 day) or week/month to date, never "since midnight", so the
// dashboard shows revenue over the last 24 h and week to date, titled as what they are. The satisfaction proxy
// is the share of checkouts that succeed, next to RUM frustration signals (rage, dead and error clicks).
import type { DashboardDefinition, DefinitionSettings } from '../types';
import { dashboard, group, metric, queryValue, rum, timeseries, toplist } from './widgets';

const env = '{$env}';
const revenue = metric('revenue', `sum:ecommerce.revenue.total${env}.as_count()`, 'sum');
const completed = metric('completed', `sum:ecommerce.orders.completed${env}.as_count()`, 'sum');
const failed = metric('failed', `sum:ecommerce.orders.failed${env}.as_count()`, 'sum');

export function executiveDashboard(settings: DefinitionSettings): DashboardDefinition {
  return dashboard('executive-business', 'Revenue, conversion, orders and customers of the shop.', settings, [
    group('Last 24 hours and this week', [
      queryValue('Revenue, last 24 h (all currencies)', [revenue], 'revenue', { precision: 0, liveSpan: '1d' }),
      queryValue('Revenue, week to date (all currencies)', [revenue], 'revenue', { precision: 0, liveSpan: 'week_to_date' }),
      queryValue('Checkout conversion rate', [metric('conversion', `avg:ecommerce.orders.conversion_rate${env}`, 'last')], 'conversion', {
        unit: '%',
      }),
      queryValue('Average order value, last 24 h', [revenue, completed], { formula: 'revenue / completed', alias: 'average order value' }, {
        precision: 2,
        liveSpan: '1d',
      }),
      queryValue(
        'Checkouts that succeed (satisfaction proxy), last 24 h',
        [completed, failed],
        { formula: '100 * completed / (completed + failed)', alias: 'success %' },
        { unit: '%', liveSpan: '1d' },
      ),
    ]),
    group('Revenue', [
      timeseries(
        'Revenue per minute with its expected range',
        [metric('per_minute', `avg:ecommerce.revenue.per_minute${env} by {currency}`)],
        [{ formula: "anomalies(per_minute, 'basic', 2)", alias: 'revenue per minute' }],
      ),
      timeseries('Revenue by currency', [metric('revenue_by_currency', `sum:ecommerce.revenue.total${env} by {currency}.as_count()`)], ['revenue_by_currency'], 'bars'),
    ]),
    group('Orders', [
      toplist('Orders by region, last 24 h', [metric('by_region', `sum:ecommerce.orders.completed${env} by {region}.as_count()`, 'sum')], 'by_region', '1d'),
      toplist('Revenue by region, last 24 h (all currencies)', [metric('revenue_by_region', `sum:ecommerce.revenue.total${env} by {region}.as_count()`, 'sum')], 'revenue_by_region', '1d'),
      toplist(
        'Orders by plan: new vs returning customers (ShopFast sells no plans), last 24 h',
        [metric('by_type', `sum:ecommerce.orders.completed${env} by {customer_type}.as_count()`, 'sum')],
        'by_type',
        '1d',
      ),
      toplist('Orders by shipping method, last 24 h', [metric('by_method', `sum:ecommerce.orders.completed${env} by {shipping_method}.as_count()`, 'sum')], 'by_method', '1d'),
      toplist('Orders by currency, last 24 h', [metric('by_currency', `sum:ecommerce.orders.completed${env} by {currency}.as_count()`, 'sum')], 'by_currency', '1d'),
      toplist('Failed checkouts by reason, last 24 h', [metric('by_error', `sum:ecommerce.orders.failed${env} by {error}.as_count()`, 'sum')], 'by_error', '1d'),
    ]),
    group('Customers', [
      timeseries('Customers acquired by channel', [metric('acquired', `sum:ecommerce.customers.acquired${env} by {channel}.as_count()`)], ['acquired'], 'bars'),
      timeseries(
        'Frustrated interactions in the storefront (RUM)',
        [rum('frustrations', '@type:action @action.frustration.type:*', { aggregation: 'count' }, { facet: '@action.frustration.type' })],
        ['frustrations'],
        'bars',
      ),
      timeseries('Active users (last 5 minutes)', [metric('active', `max:ecommerce.active_users${env}`)], ['active']),
    ]),
  ]);
}
