import type { EvaluationDetails, FlagValue, Hook, HookContext } from '@openfeature/server-sdk';
import { activeRootSpan } from '@shopfast/tracing/spans';

/** The metrics surface the hook counts with (service-kit's Metrics fits; this package does not depend on it). */
export interface FaultFlagsMetrics {
  increment(name: string, value?: number, tags?: Record<string, string | number | boolean>): void;
}

/** The logger surface fault flags write to (a pino logger fits). */
export interface FaultFlagsLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

/** Catalogued in docs/telemetry.md: one count per evaluation that found a fault switched on. */
export const EVALUATIONS_METRIC = 'ecommerce.feature_flags.evaluations';
/** The variant every fault is in while it is off (the definitions' `defaultVariant`). */
export const OFF_VARIANT = 'off';
/** One warning per flag per interval: a broken state file must not flood the logs from a hot path. */
const ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Tags the active root span `feature_flags.<key>` with the value of a fault that is on, and counts the
 * evaluation. Evaluations of faults that are off (the variant "off", or the off default after an error) leave
 * no trace: they run on every request.
 */
export function faultFlagHook({ metrics, logger }: { metrics: FaultFlagsMetrics; logger: FaultFlagsLogger }): Hook {
  const lastWarned = new Map<string, number>();
  return {
    after(hookContext: Readonly<HookContext>, details: EvaluationDetails<FlagValue>) {
      if (details.variant === undefined || details.variant === OFF_VARIANT) return;
      activeRootSpan()?.setTag(`feature_flags.${hookContext.flagKey}`, String(details.value));
      metrics.increment(EVALUATIONS_METRIC, 1, { flag: hookContext.flagKey, variant: details.variant });
    },
    error(hookContext: Readonly<HookContext>, error: unknown) {
      const now = Date.now();
      if (now - (lastWarned.get(hookContext.flagKey) ?? 0) < ERROR_LOG_INTERVAL_MS) return;
      lastWarned.set(hookContext.flagKey, now);
      logger.warn({ err: error, flag: hookContext.flagKey }, 'fault flag evaluation failed; the fault reads off');
    },
  };
}
