// Threshold coherence: the number in the query is options.thresholds.critical, and warning and recovery values sit
// on the quiet side of what they relax (below it for `>`/`>=` monitors, above it for `<`/`<=`), as Datadog
// requires when it saves a monitor.
import type { v1 } from '@datadog/datadog-api-client';
import type { Comparator } from './query-ast';

export function thresholdProblems(thresholds: v1.MonitorThresholds | undefined, comparator: Comparator, threshold: number): string[] {
  if (comparator === '==' || comparator === '!=') return [`comparator '${comparator}' is outside the subset (use >, >=, <, <=)`];
  if (thresholds?.critical === undefined) return ['options.thresholds.critical is missing'];
  const problems: string[] = [];
  const { critical, warning, criticalRecovery, warningRecovery } = thresholds;
  if (critical !== threshold) problems.push(`options.thresholds.critical (${critical}) differs from the query's threshold (${threshold})`);
  const above = comparator.startsWith('>');
  const side = above ? 'below' : 'above';
  /** `value` is on the quiet side of `limit`. */
  const quieter = (value: number, limit: number) => (above ? value < limit : value > limit);
  if (warning !== undefined && !quieter(warning, critical)) problems.push(`warning (${warning}) must be ${side} critical (${critical}) for '${comparator}'`);
  if (criticalRecovery !== undefined && !quieter(criticalRecovery, critical)) {
    problems.push(`critical_recovery (${criticalRecovery}) must be ${side} critical (${critical}) for '${comparator}'`);
  }
  if (warningRecovery !== undefined) {
    if (warning === undefined) problems.push('warning_recovery is set without a warning threshold');
    else if (!quieter(warningRecovery, warning)) problems.push(`warning_recovery (${warningRecovery}) must be ${side} warning (${warning}) for '${comparator}'`);
  }
  return problems;
}
