// Customer experience dashboard: the storefront as browsers see it, from RUM events (service `shopfast-web`).
// Core Web Vitals are p75 (Google's assessment percentile); RUM durations are nanoseconds, shown in ms.
// The funnel uses what the storefront really sends (web/src): the product page view (`/products/:id`, grouped
// by Datadog as `/products/?`), the custom actions `add_to_cart` (cart-context.tsx) and `purchase_completed`
// (checkout-page.tsx), and the `/checkout` view. Browser faults reach RUM as feature flags
// (addFeatureFlagEvaluation), so views and errors can be split by `@feature_flags.<key>`.
import type { v1 } from '@datadog/datadog-api-client';
import type { DashboardDefinition, DefinitionSettings } from '../types';
import { RUM_SCOPE, dashboard, group, metric, queryValue, rum, timeseries, toplist } from './widgets';

const VIEWS = '@type:view';
const NS_TO_MS = 1_000_000;

const lcp = (name: string, groupBy?: { facet: string; limit?: number }) =>
  rum(name, VIEWS, { aggregation: 'pc75', measure: '@view.largest_contentful_paint' }, groupBy);

const FUNNEL_STEPS: v1.FunnelStep[] = [
  { facet: '@view.url_path_group', value: '/products/?' },
  { facet: '@action.name', value: 'add_to_cart' },
  { facet: '@view.url_path_group', value: '/checkout' },
  { facet: '@action.name', value: 'purchase_completed' },
];

function funnel(): v1.Widget {
  return {
    definition: {
      type: 'funnel',
      title: 'Conversion funnel: product view > add to cart > checkout > purchase',
      requests: [{ requestType: 'funnel', query: { dataSource: 'rum', queryString: RUM_SCOPE, steps: FUNNEL_STEPS } }],
    },
  };
}

/** The same four steps as session counts, so the rates between steps are plain numbers. */
function funnelSteps(): v1.Widget {
  const sessions = (name: string, search: string) => rum(name, search, { aggregation: 'cardinality', measure: '@session.id' });
  return timeseries(
    'Sessions reaching each step',
    [
      sessions('viewed', '@type:view @view.url_path:\\/products\\/*'),
      sessions('added', '@type:action @action.name:add_to_cart'),
      sessions('checkout', '@type:view @view.url_path:\\/checkout'),
      sessions('purchased', '@type:action @action.name:purchase_completed'),
    ],
    [
      { formula: 'viewed', alias: 'product view' },
      { formula: 'added', alias: 'add to cart' },
      { formula: 'checkout', alias: 'checkout' },
      { formula: 'purchased', alias: 'purchase' },
    ],
    'bars',
  );
}

export function customerExperienceDashboard(settings: DefinitionSettings): DashboardDefinition {
  return dashboard('customer-experience', 'The storefront as customers see it: Core Web Vitals, the funnel, errors, faults.', settings, [
    group('Core Web Vitals (p75)', [
      queryValue('Largest Contentful Paint', [lcp('lcp')], { formula: `lcp / ${NS_TO_MS}`, alias: 'LCP ms' }, { unit: 'ms', precision: 0 }),
      queryValue(
        'Interaction to Next Paint',
        [rum('inp', VIEWS, { aggregation: 'pc75', measure: '@view.interaction_to_next_paint' })],
        { formula: `inp / ${NS_TO_MS}`, alias: 'INP ms' },
        { unit: 'ms', precision: 0 },
      ),
      queryValue('Cumulative Layout Shift', [rum('cls', VIEWS, { aggregation: 'pc75', measure: '@view.cumulative_layout_shift' })], 'cls', { precision: 3 }),
      timeseries('LCP p75 by page (ms)', [lcp('lcp', { facet: '@view.url_path_group' })], [{ formula: `lcp / ${NS_TO_MS}`, alias: 'LCP ms' }]),
    ]),
    group('Conversion funnel', [funnel(), funnelSteps()]),
    group('By country and device', [
      {
        definition: {
          type: 'geomap',
          title: 'LCP p75 by country (ms)',
          style: { palette: 'hostmap_blues', paletteFlip: false },
          view: { focus: 'WORLD' },
          requests: [
            {
              responseFormat: 'scalar',
              queries: [lcp('lcp', { facet: '@geo.country_iso_code', limit: 250 })],
              formulas: [{ formula: `lcp / ${NS_TO_MS}`, alias: 'LCP ms' }],
            },
          ],
        },
      },
      toplist('LCP p75 by device type (ms)', [lcp('lcp', { facet: '@device.type' })], { formula: `lcp / ${NS_TO_MS}`, alias: 'LCP ms' }),
      toplist(
        'Page loading time p75 by country (ms)',
        [rum('loading', VIEWS, { aggregation: 'pc75', measure: '@view.loading_time' }, { facet: '@geo.country' })],
        { formula: `loading / ${NS_TO_MS}`, alias: 'loading ms' },
      ),
    ]),
    group('Frontend errors', [
      timeseries('Errors by source', [rum('errors', '@type:error', { aggregation: 'count' }, { facet: '@error.source' })], ['errors'], 'bars'),
      toplist('Errors by page', [rum('errors', '@type:error', { aggregation: 'count' }, { facet: '@view.url_path_group' })], 'errors'),
    ]),
    group('Feature flags (faults)', [
      toplist(
        'LCP p75 by imageSlowLoad value (ms)',
        [lcp('lcp', { facet: '@feature_flags.imageSlowLoad' })],
        { formula: `lcp / ${NS_TO_MS}`, alias: 'LCP ms' },
      ),
      toplist(
        'Errors by productPageJsError value',
        [rum('errors', '@type:error', { aggregation: 'count' }, { facet: '@feature_flags.productPageJsError' })],
        'errors',
      ),
      timeseries(
        'Server faults evaluated while on',
        [metric('faults', `sum:ecommerce.feature_flags.evaluations{$env} by {flag}.as_count()`)],
        ['faults'],
        'bars',
      ),
    ]),
  ]);
}
