// The offline lint `npm run datadog -- plan --offline` runs on every definition. Datadog only validates queries
// online, so this checks what can be checked here, against the repository's own truth (docs/telemetry.md):
//   model             the client's ObjectSerializer accepts the body (enums, required fields) and keeps every field
//   keys              keys are lower-case-hyphenated and unique per kind; monitor names are unique
//   references        every ${monitor:KEY} / ${slo:KEY} names a definition of that kind
//   query-syntax      every query parses in the subset we generate (src/lint/query-parser.ts)
//   metric-catalogue  every metric is catalogued, every tag filtered or grouped by exists on it, aggregations fit its type
//   env-scope         every query is scoped to one environment (env tag, or the dashboard's $env)
//   window            last_N / next_N windows are valid and fit the monitor kind (forecasts look ahead)
//   algorithm         anomalies() / forecast() arguments: algorithm, deviations, direction, seasonality, windows,
//                     an anomaly interval of at most a fifth of alert_window
//   thresholds        the query's number is the critical threshold; warning and recovery on the quiet side
//   threshold-windows anomaly monitors: trigger_window == alert_window, a valid recovery_window; others: none
//   composite, slo    composites combine 2+ plain monitors; SLO targets, timeframes and burn-rate windows
//   burn rates        a burn-rate threshold the SLO can reach (at most 1 / (1 - target))
//   conventions       monitor tags (team, env, tier, alert), priority of the tier, the env's webhook in every notifying message
//   synthetics        a test's monitor re-notifies at an interval Datadog takes; secure variables carry no example
//   template-variables, funnel, webhook: dashboards' variables, funnel steps, the webhook's JSON templates
import type { Definition } from '../definitions/types';
import { loadCatalogue, type MetricCatalogue } from './catalogue';
import { lintMonitorConventions, lintSet, lintWebhook } from './convention-rules';
import { lintDashboard } from './dashboard-rules';
import { lintModel } from './model-check';
import { lintMonitor } from './monitor-rules';
import { lintSlo } from './slo-rules';
import { lintSynthetics } from './synthetics-rules';
import { definitionId, type LintContext, type LintProblem, type Rule } from './types';

export type { LintProblem } from './types';
export { MODEL_TYPES, serializeBody } from './model-check';

const RULES: Rule[] = [lintModel, lintMonitor, lintMonitorConventions, lintDashboard, lintSlo, lintSynthetics, lintWebhook];

export function lintDefinitions(definitions: readonly Definition[], options: { catalogue?: MetricCatalogue } = {}): LintProblem[] {
  const catalogue = options.catalogue ?? loadCatalogue();
  const problems = lintSet(definitions);
  for (const definition of definitions) {
    const context: LintContext = {
      catalogue,
      definitions,
      report: (problem) => problems.push({ definition: definitionId(definition), ...problem }),
    };
    for (const rule of RULES) rule(definition, context);
  }
  return problems;
}

/** One line per problem, for the CLI. */
export function formatProblem(problem: LintProblem): string {
  return `${problem.definition} [${problem.rule}]${problem.at ? ` ${problem.at}:` : ''} ${problem.message}`;
}
